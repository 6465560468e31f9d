function Get-LightningSyncRuntimeIdentifier {
    <#
    .SYNOPSIS
    Returns the runtime identifier (win-x64, linux-x64, osx-x64, osx-arm64) and
    native library file name for the current process.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param()

    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        $os = 'win'
        $arch = 'x86'
        if ([Environment]::Is64BitProcess) { $arch = 'x64' }
    }
    else {
        $info = [System.Runtime.InteropServices.RuntimeInformation]
        $platform = [System.Runtime.InteropServices.OSPlatform]
        if ($info::IsOSPlatform($platform::Windows)) { $os = 'win' }
        elseif ($info::IsOSPlatform($platform::OSX)) { $os = 'osx' }
        else { $os = 'linux' }
        $arch = $info::ProcessArchitecture.ToString().ToLowerInvariant()
    }

    $fileName = switch ($os) {
        'win' { 'lightningsync.dll' }
        'osx' { 'liblightningsync.dylib' }
        default { 'liblightningsync.so' }
    }
    @{ Rid = "$os-$arch"; FileName = $fileName }
}
