#Requires -Version 5.1
# LightningSync: sets up and audits the Exchange service account that sync
# products impersonate mailboxes with. The logic lives in the native library
# (runtimes/<rid>/native/); this module marshals, calls Exchange and shapes output.
Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0

# The C ABI version this module was written against (LSYNC_ABI_VERSION).
$script:LightningSyncAbiVersion = 4

foreach ($file in @(Get-ChildItem -Path (Join-Path $PSScriptRoot 'Private') -Filter '*.ps1' | Sort-Object Name)) {
    . $file.FullName
}

Import-LightningSyncNative -ModuleRoot $PSScriptRoot -ExpectedAbiVersion $script:LightningSyncAbiVersion

$publicFunctions = @()
foreach ($file in @(Get-ChildItem -Path (Join-Path $PSScriptRoot 'Public') -Filter '*.ps1' | Sort-Object Name)) {
    . $file.FullName
    $publicFunctions += $file.BaseName
}

Register-LightningSyncFilterCompleter

# Last, so it does not compete with the import itself: compile the preview and
# filter paths in the background, so the first Get-LightningSyncScopePreview
# of the shell costs what the second does.
[LightningSync.Interop.Warmup]::Start()

# The compiled cmdlets come from the nested LightningSync.Interop.dll.
Export-ModuleMember -Function $publicFunctions -Cmdlet @('Get-LightningSyncScopePreview', 'Test-LightningSyncRecipientFilter')
