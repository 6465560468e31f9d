#Requires -Version 5.1
# LightningSync: sets up and audits the Exchange service account that sync
# products impersonate mailboxes with. The logic lives in the native library
# (runtimes/<rid>/native/); this module marshals, calls Exchange and shapes output.
Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0

# The C ABI version this module was written against (LSYNC_ABI_VERSION).
$script:LightningSyncAbiVersion = 4

#region module scripts
# From source, each function's own file is dot-sourced. The staged module has
# this region replaced by the files' text (tools/Join-LightningSyncModuleScript.ps1),
# so an import parses one file.
$publicFunctions = @()
foreach ($folder in 'Private', 'Public') {
    foreach ($file in @(Get-ChildItem -Path (Join-Path $PSScriptRoot $folder) -Filter '*.ps1' -File -Recurse | Sort-Object FullName)) {
        . $file.FullName
        if ($folder -eq 'Public') { $publicFunctions += $file.BaseName }
    }
}
#endregion module scripts

Import-LightningSyncNative -ModuleRoot $PSScriptRoot -ExpectedAbiVersion $script:LightningSyncAbiVersion

Register-LightningSyncFilterCompleter

# The compiled cmdlets come from the nested LightningSync.Interop.dll.
Export-ModuleMember -Function $publicFunctions -Cmdlet @('Get-LightningSyncScopePreview', 'Test-LightningSyncRecipientFilter')
