function Import-LightningSyncPrivateFunction {
    <#
    .SYNOPSIS
    Defines the module's private functions the first time a public function
    runs; every public function calls it first.
    .DESCRIPTION
    The staged module keeps its private functions in LightningSync.Private.ps1
    beside the manifest (tools/Join-LightningSyncModuleScript.ps1 writes it),
    so an import parses only the public functions. This dot-sources that file
    once per import: its functions are written `function script:<name>`, which
    defines them in the module's scope from here. Loaded from source, the
    module has dot-sourced every Private/ script already and this returns at
    once. A module imported without its manifest, so without
    LightningSync.Interop.dll, throws LightningSync.InteropNotLoaded, saying
    to import the manifest; a missing file (a damaged installation) throws
    LightningSync.ModuleFileNotFound, naming it. Both are checked here, at the
    first call, so that the import itself runs nothing. They are thrown, not
    written as the command's terminating error: nothing of the module can
    run, so the public function that called this must not go on, and neither
    should the caller's script.
    #>
    [CmdletBinding()]
    param()

    if ($script:LightningSyncPrivateLoaded) { return }
    if ($null -eq ('LightningSync.Interop.ModuleNativeLoader' -as [type])) {
        $message = 'The LightningSync interop assembly is not loaded: import the module by its manifest (LightningSync.psd1), which loads LightningSync.Interop.dll beside it.'
        $exception = [System.InvalidOperationException]::new($message)
        throw [System.Management.Automation.ErrorRecord]::new($exception, 'LightningSync.InteropNotLoaded',
                [System.Management.Automation.ErrorCategory]::NotInstalled, $ExecutionContext.SessionState.Module.ModuleBase)
    }
    $path = Join-Path $ExecutionContext.SessionState.Module.ModuleBase 'LightningSync.Private.ps1'
    if (-not [System.IO.File]::Exists($path)) {
        $message = "The LightningSync module file '$path' is missing, so the module cannot run. Reinstall the module (Install-PSResource LightningSync -Reinstall), or rebuild it with ./build.ps1 -Task Build."
        $exception = [System.IO.FileNotFoundException]::new($message, $path)
        throw [System.Management.Automation.ErrorRecord]::new($exception, 'LightningSync.ModuleFileNotFound',
                [System.Management.Automation.ErrorCategory]::NotInstalled, $path)
    }
    . $path
    $script:LightningSyncPrivateLoaded = $true
}
