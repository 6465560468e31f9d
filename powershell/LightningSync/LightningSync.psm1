#Requires -Version 5.1
# LightningSync: sets up and audits the Exchange service account that sync
# products impersonate mailboxes with. The logic lives in the native library
# (runtimes/<rid>/native/); this module marshals, calls Exchange and shapes output.
Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0

# The C ABI version this module was written against (LSYNC_ABI_VERSION).
$script:LightningSyncAbiVersion = 4

# Whether the private functions are defined (Import-LightningSyncPrivateFunction).
$script:LightningSyncPrivateLoaded = $false

#region module scripts
# From source, each function's own file is dot-sourced. The staged module has
# this region replaced by the loader and the public functions' text, and keeps
# the private functions in LightningSync.Private.ps1, which the first public
# call defines (tools/Join-LightningSyncModuleScript.ps1): an import parses
# only what it exports.
foreach ($folder in 'Private', 'Public') {
    foreach ($file in @(Get-ChildItem -Path (Join-Path $PSScriptRoot $folder) -Filter '*.ps1' -File -Recurse | Sort-Object FullName)) {
        . $file.FullName
    }
}
$script:LightningSyncPrivateLoaded = $true
#endregion module scripts

# The interop types come from LightningSync.Interop.dll, which the manifest
# loads (NestedModules); nothing is compiled here. Locating the native library
# (runtimes/<rid>/native/), loading it by full path and checking its ABI
# version are one call into it, which returns the error to stop with:
# LightningSync.NativeLibraryNotFound or LightningSync.AbiVersionMismatch.
if (-not ('LightningSync.Interop.ModuleNativeLoader' -as [type])) {
    $message = 'The LightningSync interop assembly is not loaded: import the module by its manifest (LightningSync.psd1), which loads LightningSync.Interop.dll beside it.'
    throw [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new($message), 'LightningSync.InteropNotLoaded',
        [System.Management.Automation.ErrorCategory]::NotInstalled, $PSScriptRoot)
}
$failure = [LightningSync.Interop.ModuleNativeLoader]::Load($PSScriptRoot, $script:LightningSyncAbiVersion)
if ($null -ne $failure) { throw $failure }

# Completion of filterable property names and RecipientTypeDetails values. The
# completers are created here so they run in the module's scope, where the
# private functions are.
Register-ArgumentCompleter -CommandName 'Get-LightningSyncFilterableProperty' -ParameterName 'Name' -ScriptBlock {
    param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters)
    Import-LightningSyncPrivateFunction
    Get-LightningSyncFilterCompletion -WordToComplete $wordToComplete
}
Register-ArgumentCompleter -CommandName 'ConvertTo-LightningSyncRecipientFilter' -ParameterName 'RecipientTypeDetails' -ScriptBlock {
    param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters)
    Import-LightningSyncPrivateFunction
    Get-LightningSyncFilterCompletion -WordToComplete $wordToComplete -EnumProperty 'RecipientTypeDetails'
}

# The manifest exports the public functions and the compiled cmdlets of the
# nested LightningSync.Interop.dll (FunctionsToExport, CmdletsToExport); the
# import runs no command of its own but Set-StrictMode and the completers.
