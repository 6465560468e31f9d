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
    once. A missing file (a damaged installation) is a terminating
    LightningSync.ModuleFileNotFound error naming it.
    #>
    [CmdletBinding()]
    param()

    if ($script:LightningSyncPrivateLoaded) { return }
    $path = Join-Path $ExecutionContext.SessionState.Module.ModuleBase 'LightningSync.Private.ps1'
    if (-not [System.IO.File]::Exists($path)) {
        $message = "The LightningSync module file '$path' is missing, so the module cannot run. Reinstall the module (Install-PSResource LightningSync -Reinstall), or rebuild it with ./build.ps1 -Task Build."
        $exception = [System.IO.FileNotFoundException]::new($message, $path)
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new($exception, 'LightningSync.ModuleFileNotFound',
                [System.Management.Automation.ErrorCategory]::NotInstalled, $path))
    }
    . $path
    $script:LightningSyncPrivateLoaded = $true
}
