function Import-LightningSyncNative {
    <#
    .SYNOPSIS
    Loads the native library from runtimes/<rid>/native/ beside the manifest
    into the interop assembly (LightningSync.Interop.dll, loaded by the
    manifest), and checks its ABI version.
    .DESCRIPTION
    The library is loaded by full path (NativeLibrary.Load on .NET,
    LoadLibraryEx on .NET Framework), so the process-wide DLL search state is
    never changed. A missing library or an ABI version other than the one the
    module expects is a terminating error naming both versions.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string] $ModuleRoot,

        [Parameter(Mandatory)]
        [uint32] $ExpectedAbiVersion
    )

    # The interop types come from LightningSync.Interop.dll, which the
    # manifest loads (NestedModules); nothing is compiled here.
    if (-not ('LightningSync.Interop.NativeLibrary' -as [type])) {
        $message = "The LightningSync interop assembly is not loaded: import the module by its manifest (LightningSync.psd1), which loads LightningSync.Interop.dll beside it."
        $exception = [System.InvalidOperationException]::new($message)
        throw [System.Management.Automation.ErrorRecord]::new($exception, 'LightningSync.InteropNotLoaded',
            [System.Management.Automation.ErrorCategory]::NotInstalled, $ModuleRoot)
    }

    $runtime = Get-LightningSyncRuntimeIdentifier
    $path = [System.IO.Path]::Combine($ModuleRoot, 'runtimes', $runtime.Rid, 'native', $runtime.FileName)
    if (-not [System.IO.File]::Exists($path)) {
        $message = "The LightningSync native library for $($runtime.Rid) was not found at '$path'. " +
            'This platform is not in the package, or the module was not built: run ./build.ps1 -Task Build.'
        $exception = [System.IO.FileNotFoundException]::new($message, $path)
        throw [System.Management.Automation.ErrorRecord]::new($exception, 'LightningSync.NativeLibraryNotFound',
            [System.Management.Automation.ErrorCategory]::NotInstalled, $path)
    }

    [LightningSync.Interop.NativeLibrary]::Load($path)
    $actual = [LightningSync.Interop.NativeLibrary]::AbiVersion()
    if ($actual -ne $ExpectedAbiVersion) {
        $message = "The LightningSync native library at '$path' has ABI version $actual, but this module expects ABI version $ExpectedAbiVersion. " +
            'Install the module and its native library from the same package.'
        $exception = [System.InvalidOperationException]::new($message)
        throw [System.Management.Automation.ErrorRecord]::new($exception, 'LightningSync.AbiVersionMismatch',
            [System.Management.Automation.ErrorCategory]::InvalidOperation, $path)
    }
}
