function Import-LightningSyncNative {
    <#
    .SYNOPSIS
    Loads the native library from runtimes/<rid>/native/ beside the manifest
    into the interop assembly (LightningSync.Interop.dll, loaded by the
    manifest), and checks its ABI version.
    .DESCRIPTION
    The library is loaded by full path (NativeLibrary.Load on .NET,
    LoadLibraryEx on .NET Framework), so the process-wide DLL search state is
    never changed. A missing library (LightningSync.NativeLibraryNotFound) or
    an ABI version other than the one the module expects
    (LightningSync.AbiVersionMismatch, naming both versions) is a terminating
    error.
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

    # Locating, loading and the version check are one call into the interop
    # assembly (ModuleNativeLoader), which returns the error to stop with.
    $failure = [LightningSync.Interop.ModuleNativeLoader]::Load($ModuleRoot, $ExpectedAbiVersion)
    if ($null -ne $failure) { throw $failure }
}
