<#
.SYNOPSIS
Packs a staged LightningSync module into one .nupkg with the native library of
every platform (runtimes/{win-x64,linux-x64,osx-x64,osx-arm64}/native).

.DESCRIPTION
Copies the staged module (out/LightningSync/<version>, which holds the native
library of the machine that built it) to a packing folder, adds the native
libraries found in -NativePath, and publishes it to a local repository at
-OutputPath as <name>.<version>.nupkg (the file Install-PSResource and
Install-Module take). The staged module itself is left as it is.

-NativePath holds one folder per platform, named by its runtime identifier or
as the build workflow's artifacts are named: win-x64/lightningsync.dll or
native-win-x64/lightningsync.dll, linux-x64/liblightningsync.so,
osx-x64/liblightningsync.dylib, osx-arm64/liblightningsync.dylib (a
runtimes/<rid>/native/ layout is accepted as well). A library already in the
stage wins over one in -NativePath.

A package without all four platforms is refused, naming the missing ones,
unless -AllowPartial is given.

.PARAMETER StagePath
The staged module folder (with LightningSync.psd1).

.PARAMETER NativePath
The folder of native libraries built elsewhere.

.PARAMETER OutputPath
Where the .nupkg is written (created; an existing .nupkg of the same version is replaced).

.PARAMETER AllowPartial
Packs even when a platform's library is missing (with a warning).

.EXAMPLE
PS> ./tools/New-LightningSyncPackage.ps1 -StagePath out/LightningSync/0.1.0 -NativePath natives -OutputPath out/package
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)] [string] $StagePath,
    [string] $NativePath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [switch] $AllowPartial
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# Every platform the package carries, with its library file.
$Platforms = [ordered]@{
    'win-x64'   = 'lightningsync.dll'
    'linux-x64' = 'liblightningsync.so'
    'osx-x64'   = 'liblightningsync.dylib'
    'osx-arm64' = 'liblightningsync.dylib'
}

function Find-NativeLibrary([string] $Rid, [string] $File) {
    if (-not $NativePath) { return $null }
    foreach ($relative in @("$Rid/$File", "native-$Rid/$File", "runtimes/$Rid/native/$File", "$Rid/native/$File")) {
        $candidate = Join-Path $NativePath $relative
        if (Test-Path -LiteralPath $candidate -PathType Leaf) { return (Resolve-Path -LiteralPath $candidate).ProviderPath }
    }
    $null
}

$StagePath = (Resolve-Path -LiteralPath $StagePath).ProviderPath
$manifest = Join-Path $StagePath 'LightningSync.psd1'
if (-not (Test-Path -LiteralPath $manifest)) { throw "No LightningSync.psd1 in '$StagePath': stage the module first (build.ps1 -Task Build)." }
if ($NativePath -and -not (Test-Path -LiteralPath $NativePath -PathType Container)) {
    throw "The native library folder '$NativePath' does not exist. Give the folder holding <rid>/<library> (or native-<rid>/<library>) for each platform."
}
$version = (Import-PowerShellDataFile -Path $manifest).ModuleVersion

$work = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-pack-' + [guid]::NewGuid().ToString('n'))
$pack = Join-Path $work 'LightningSync'
New-Item -ItemType Directory -Force -Path $pack | Out-Null
$repository = 'LightningSyncPack' + [guid]::NewGuid().ToString('n').Substring(0, 8)
try {
    Copy-Item -Path (Join-Path $StagePath '*') -Destination $pack -Recurse
    $missing = @()
    foreach ($rid in $Platforms.Keys) {
        $file = $Platforms[$rid]
        $target = Join-Path $pack "runtimes/$rid/native"
        if (Test-Path -LiteralPath (Join-Path $target $file)) { continue }
        $found = Find-NativeLibrary -Rid $rid -File $file
        if (-not $found) { $missing += "$rid ($file)"; continue }
        New-Item -ItemType Directory -Force -Path $target | Out-Null
        Copy-Item -LiteralPath $found -Destination $target
    }
    if ($missing.Count -gt 0) {
        $message = "The package would lack the native library of $($missing -join ', '). Give the libraries built on those platforms with -NativePath (a folder with <rid>/<library>), or pass -AllowPartial for a package that installs only where its libraries are."
        if (-not $AllowPartial) { throw $message }
        Write-Warning $message
    }

    New-Item -ItemType Directory -Force -Path $OutputPath | Out-Null
    $OutputPath = (Resolve-Path -LiteralPath $OutputPath).ProviderPath
    Get-ChildItem -LiteralPath $OutputPath -Filter "LightningSync.$version.nupkg" | Remove-Item -Force
    Register-PSResourceRepository -Name $repository -Uri $OutputPath -Trusted -Force
    Publish-PSResource -Path $pack -Repository $repository -SkipDependenciesCheck -SkipModuleManifestValidate
}
finally {
    if (Get-PSResourceRepository -Name $repository -ErrorAction Ignore) { Unregister-PSResourceRepository -Name $repository }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
Get-ChildItem -LiteralPath $OutputPath -Filter "LightningSync.$version.nupkg" | Select-Object -First 1
