<#
.SYNOPSIS
Builds, tests, benchmarks and packages LightningSync.

.DESCRIPTION
One entry point for every task:

  Build    cargo build --release and dotnet build of LightningSync.Interop, then
           stage out/LightningSync/<version>/ with the module, the interop DLL
           beside the manifest and runtimes/<rid>/native/<library>.
  Test     Build, then cargo test, the C ABI test (under valgrind where available)
           and the Pester suite against the staged module. Ends with one line
           "N passed, N failed, N skipped" and exits non-zero on any failure or
           when no test ran. Pester writes NUnit XML to out/.
  Header   Regenerates bindings/lightningsync.h with cbindgen.
  Bench    Build, then the Rust (divan) and PowerShell benchmarks, printing ratios
           against baselines measured in the same run.
  Fuzz     The randomized Rust tests with many more cases (LSYNC_FUZZ_CASES),
           then the libFuzzer targets of fuzz/ (one per export family, stable
           Rust with SanitizerCoverage) for LSYNC_FUZZ_SECONDS each (60).
  Package  Build, then one .nupkg in out/package with the native library of
           every platform (win-x64, linux-x64, osx-x64, osx-arm64): this
           machine's plus those in -NativePath. Refuses a package that lacks
           a platform unless -AllowPartial. Installs it from that feed and
           runs tests/smoke/Invoke-SmokeTest.ps1 on it.
  Clean    Removes out/ and cargo's target/.

Missing tools (Pester) are installed by the script itself: from the NuGet feed
through the .NET SDK where there is one, otherwise from the PowerShell Gallery.

.PARAMETER Task
The task to run. Default: Build.

.PARAMETER NativePath
Package only: the folder of native libraries built on other platforms, one
subfolder per runtime identifier (win-x64/lightningsync.dll, or
native-win-x64/lightningsync.dll as the build workflow's artifacts).

.PARAMETER AllowPartial
Package only: produce the package even when a platform is missing.

.EXAMPLE
PS> ./build.ps1 -Task Test

Builds and runs every test; the last line is the total.

.EXAMPLE
PS> ./build.ps1 -Task Bench

.EXAMPLE
PS> ./build.ps1 -Task Package -NativePath ./natives

One package for every platform, with the libraries the other platforms built.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Header', 'Bench', 'Fuzz', 'Package', 'Clean')]
    [string] $Task = 'Build',

    # Package: a folder of native libraries built on other platforms
    # (<rid>/<library> or native-<rid>/<library>, as the workflow's artifacts).
    [string] $NativePath,

    # Package: pack even when a platform's native library is missing.
    [switch] $AllowPartial
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$Root = $PSScriptRoot
$OutDir = Join-Path $Root 'out'
$ToolsDir = Join-Path $Root '.tools'
$PesterVersion = '5.9.1'
$ModuleName = 'LightningSync'
$script:TargetDir = $null
$SourceModule = Join-Path $Root "powershell/$ModuleName"

function Write-Step([string] $Text) {
    Write-Information -MessageData "==> $Text" -InformationAction Continue
}

function Invoke-Native {
    # Runs a program, echoing its output, and fails when it exits non-zero.
    param([string] $FilePath, [string[]] $ArgumentList, [switch] $Capture, [switch] $AllowFailure)
    if ($Capture) {
        $output = & $FilePath @ArgumentList 2>&1 | ForEach-Object { "$_" }
        $code = $LASTEXITCODE
        $output | ForEach-Object { Write-Information -MessageData $_ -InformationAction Continue }
    }
    else {
        & $FilePath @ArgumentList | Out-Host
        $code = $LASTEXITCODE
        $output = @()
    }
    if ($code -ne 0 -and -not $AllowFailure) {
        throw "$FilePath $($ArgumentList -join ' ') exited with code $code."
    }
    [pscustomobject]@{ ExitCode = $code; Output = @($output) }
}

function Get-ModuleVersion {
    $manifest = Import-PowerShellDataFile -Path (Join-Path $SourceModule "$ModuleName.psd1")
    $cargo = Get-Content -Path (Join-Path $Root 'Cargo.toml') -Raw
    if ($cargo -notmatch '(?m)^version\s*=\s*"([^"]+)"') { throw 'Cargo.toml has no package version.' }
    if ($Matches[1] -ne $manifest.ModuleVersion) {
        throw "Cargo.toml version $($Matches[1]) differs from the manifest's ModuleVersion $($manifest.ModuleVersion); keep them equal."
    }
    $manifest.ModuleVersion
}

function Get-RuntimeInfo {
    $isWin = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
    $isMac = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::OSX)
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
    if ($isWin) { return @{ Rid = "win-$arch"; File = 'lightningsync.dll'; LinkName = 'lightningsync.dll.lib' } }
    if ($isMac) { return @{ Rid = "osx-$arch"; File = 'liblightningsync.dylib'; LinkName = 'liblightningsync.dylib' } }
    @{ Rid = "linux-$arch"; File = 'liblightningsync.so'; LinkName = 'liblightningsync.so' }
}

function Get-TargetDir {
    # cargo's target directory (honours CARGO_TARGET_DIR and .cargo/config.toml).
    if (-not $script:TargetDir) {
        Push-Location $Root
        try { $script:TargetDir = (cargo metadata --format-version 1 --no-deps | ConvertFrom-Json).target_directory }
        finally { Pop-Location }
    }
    $script:TargetDir
}

function Get-StagedModulePath {
    Join-Path $OutDir "$ModuleName/$(Get-ModuleVersion)"
}

function Invoke-InteropBuild {
    # Compiles powershell/LightningSync.Interop (netstandard2.0) once, here:
    # the module loads the DLL and compiles nothing at import.
    $dotnet = Get-Command dotnet -ErrorAction SilentlyContinue
    if (-not $dotnet) {
        throw 'Building the module needs the .NET SDK (dotnet) to compile powershell/LightningSync.Interop: install it (https://dot.net) and run again.'
    }
    $project = Join-Path $Root "powershell/$ModuleName.Interop/$ModuleName.Interop.csproj"
    $output = Join-Path $OutDir 'interop'
    Write-Step "dotnet build $ModuleName.Interop (netstandard2.0)"
    Invoke-Native $dotnet.Source @('build', $project, '--configuration', 'Release', '--nologo', '--verbosity', 'quiet',
        '--output', $output, "-p:Version=$(Get-ModuleVersion)") | Out-Null
    Join-Path $output "$ModuleName.Interop.dll"
}

function Invoke-ModuleScriptJoin([string] $Stage) {
    # One .psm1 with the public functions inlined and the comments dropped,
    # the private functions in a script the first public call loads, and the
    # public functions' help as MAML: an import parses only what it exports.
    $join = Join-Path $Root 'tools/Join-LightningSyncModuleScript.ps1'
    $psm1 = Join-Path $Stage "$ModuleName.psm1"
    $private = Join-Path $Stage "$ModuleName.Private.ps1"
    $helpFile = "$ModuleName.psm1-help.xml"
    Write-Step "joining the module scripts into $ModuleName.psm1 and $ModuleName.Private.ps1, help into en-US/$helpFile"
    & $join -SourceModule $SourceModule -Destination $psm1 -PrivateDestination $private | Out-Null
    $export = Join-Path $Root 'tools/Export-LightningSyncFunctionHelp.ps1'
    Invoke-Native (Find-Pwsh) @('-NoProfile', '-NonInteractive', '-File', $export, '-ModuleManifest', (Join-Path $Stage "$ModuleName.psd1"),
        '-Destination', (Join-Path $Stage "en-US/$helpFile")) -Capture | Out-Null
    & $join -SourceModule $SourceModule -Destination $psm1 -PrivateDestination $private -ExternalHelp $helpFile | Out-Null
}

function Invoke-Build {
    Write-Step 'cargo build --release'
    Push-Location $Root
    try { Invoke-Native cargo @('build', '--release', '--locked') | Out-Null }
    finally { Pop-Location }
    $interop = Invoke-InteropBuild

    $runtime = Get-RuntimeInfo
    $stage = Get-StagedModulePath
    Write-Step "staging $stage"
    if (Test-Path $stage) { Remove-Item -Recurse -Force $stage }
    New-Item -ItemType Directory -Force -Path $stage | Out-Null
    Copy-Item -Path (Join-Path $SourceModule '*') -Destination $stage -Recurse -Exclude 'Private', 'Public', "$ModuleName.psm1"
    Copy-Item -Path $interop -Destination $stage
    $native = Join-Path $stage "runtimes/$($runtime.Rid)/native"
    New-Item -ItemType Directory -Force -Path $native | Out-Null
    Copy-Item -Path (Join-Path (Get-TargetDir) "release/$($runtime.File)") -Destination $native
    Invoke-ModuleScriptJoin -Stage $stage
    $stage
}

function Find-Pwsh {
    $cmd = Get-Command pwsh -ErrorAction SilentlyContinue
    if ($cmd) { return $cmd.Source }
    foreach ($candidate in @((Join-Path $HOME '.dotnet/tools/pwsh'), (Join-Path $HOME '.dotnet/tools/pwsh.exe'))) {
        if (Test-Path $candidate) { return $candidate }
    }
    throw 'pwsh (PowerShell 7) was not found on PATH or in ~/.dotnet/tools: install it (dotnet tool install --global PowerShell).' 
}

function Install-Pester {
    # Makes Pester $PesterVersion importable from .tools/Modules; quiet when present.
    $target = Join-Path $ToolsDir "Modules/Pester/$PesterVersion"
    if (Test-Path (Join-Path $target 'Pester.psd1')) { return (Join-Path $ToolsDir 'Modules') }

    $errors = @()
    $dotnet = Get-Command dotnet -ErrorAction SilentlyContinue
    if ($dotnet) {
        Write-Step "installing Pester $PesterVersion from the NuGet feed"
        $work = Join-Path $ToolsDir 'restore'
        New-Item -ItemType Directory -Force -Path $work | Out-Null
        $project = @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PesterVersion]" /></ItemGroup>
</Project>
"@
        Set-Content -Path (Join-Path $work 'restore.csproj') -Value $project -Encoding UTF8
        $packages = Join-Path $work 'packages'
        $result = Invoke-Native $dotnet.Source @('restore', (Join-Path $work 'restore.csproj'), '--packages', $packages, '--verbosity', 'quiet') -Capture -AllowFailure
        $tools = Join-Path $packages "pester/$PesterVersion/tools"
        if ($result.ExitCode -eq 0 -and (Test-Path (Join-Path $tools 'Pester.psd1'))) {
            New-Item -ItemType Directory -Force -Path $target | Out-Null
            Copy-Item -Path (Join-Path $tools '*') -Destination $target -Recurse
            return (Join-Path $ToolsDir 'Modules')
        }
        $errors += "dotnet restore of Pester $PesterVersion failed: $($result.Output -join ' ')"
    }
    else {
        $errors += 'the .NET SDK (dotnet) is not installed'
    }

    Write-Step "installing Pester $PesterVersion from the PowerShell Gallery"
    try {
        if (Get-Command Save-PSResource -ErrorAction SilentlyContinue) {
            Save-PSResource -Name Pester -Version $PesterVersion -Path (Join-Path $ToolsDir 'Modules') -TrustRepository -ErrorAction Stop
        }
        else {
            Save-Module -Name Pester -RequiredVersion $PesterVersion -Path (Join-Path $ToolsDir 'Modules') -Force -ErrorAction Stop
        }
        if (Test-Path (Join-Path $target 'Pester.psd1')) { return (Join-Path $ToolsDir 'Modules') }
        $errors += 'the PowerShell Gallery download did not produce Pester.psd1'
    }
    catch {
        $errors += "the PowerShell Gallery download failed: $($_.Exception.Message)"
    }
    throw "Pester $PesterVersion could not be installed: $($errors -join '; '). Install it by hand (Install-PSResource Pester -Version $PesterVersion) and run again."
}

function Get-CargoTestCounts([string[]] $Lines) {
    $counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($line in $Lines) {
        if ($line -match 'test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored') {
            $counts.Passed += [int]$Matches[1]
            $counts.Failed += [int]$Matches[2]
            $counts.Skipped += [int]$Matches[3]
        }
    }
    $counts
}

function Invoke-CargoTests {
    Write-Step 'cargo test --release'
    Push-Location $Root
    try { $result = Invoke-Native cargo @('test', '--release', '--locked', '--no-fail-fast') -Capture -AllowFailure }
    finally { Pop-Location }
    $counts = Get-CargoTestCounts $result.Output
    if ($result.ExitCode -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
    $counts
}

function Invoke-CAbiTest {
    $counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
    $gcc = Get-Command gcc -ErrorAction SilentlyContinue
    $runtime = Get-RuntimeInfo
    if (-not $gcc -or $runtime.Rid -like 'win-*') {
        Write-Warning 'The C ABI test needs gcc on Linux or macOS; skipped.'
        $counts.Skipped = 1
        return $counts
    }
    Write-Step 'C ABI test (gcc -std=c11 -Wall -Wextra -Werror)'
    $exe = Join-Path $OutDir 'c_abi_test'
    $libDir = Join-Path (Get-TargetDir) 'release'
    New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
    $compile = Invoke-Native $gcc.Source @('-std=c11', '-Wall', '-Wextra', '-Werror', '-pedantic', '-I', (Join-Path $Root 'bindings'),
        (Join-Path $Root 'tests/c/abi_test.c'), '-L', $libDir, '-llightningsync', "-Wl,-rpath,$libDir", '-o', $exe) -Capture -AllowFailure
    if ($compile.ExitCode -ne 0) {
        $counts.Failed = 1
        return $counts
    }
    $valgrind = Get-Command valgrind -ErrorAction SilentlyContinue
    if ($valgrind) {
        # Every block the library hands out must be freed: any block left at
        # exit, even a still-reachable one, fails the test (the library keeps
        # no process-lifetime caches).
        Write-Step 'running it under valgrind'
        $run = Invoke-Native $valgrind.Source @('--quiet', '--error-exitcode=99', '--leak-check=full',
            '--show-leak-kinds=all', '--errors-for-leak-kinds=all', $exe) -Capture -AllowFailure
    }
    else {
        Write-Warning 'valgrind is not installed: the C ABI test runs without leak checking.'
        $run = Invoke-Native $exe @() -Capture -AllowFailure
    }
    foreach ($line in $run.Output) {
        if ($line -match '^c: (\d+) passed, (\d+) failed') {
            $counts.Passed = [int]$Matches[1]
            $counts.Failed = [int]$Matches[2]
        }
    }
    if ($run.ExitCode -ne 0 -and $counts.Failed -eq 0) {
        Write-Warning "The C ABI test exited with code $($run.ExitCode) (99 = valgrind found errors or leaks)."
        $counts.Failed = 1
    }
    if ($counts.Passed + $counts.Failed -eq 0) { $counts.Failed = 1 }
    $counts
}

function Invoke-WindowsPowerShellCheck {
    # The compiled part must build against what Windows PowerShell 5.1 runs
    # on (.NET Framework 4.7.2 reference assemblies, PowerShell 5.1's
    # System.Management.Automation); each canary uses an API 5.1 lacks and
    # must fail with the error its first lines name, or the check has
    # stopped checking.
    $counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
    $dotnet = Get-Command dotnet -ErrorAction SilentlyContinue
    if (-not $dotnet) {
        Write-Warning 'The Windows PowerShell 5.1 build check needs the .NET SDK (dotnet); skipped.'
        $counts.Skipped = 1
        return $counts
    }
    $project = Join-Path $Root 'tests/csharp51/WindowsPowerShell51.csproj'
    $artifacts = Join-Path $OutDir 'csharp51'
    Write-Step 'building LightningSync.Interop against .NET Framework 4.7.2 and PowerShell 5.1, then the canaries, which must fail'
    $build = Invoke-Native $dotnet.Source @('build', $project, '--nologo', '--verbosity', 'quiet', '--artifacts-path', $artifacts) -Capture -AllowFailure
    if ($build.ExitCode -eq 0) { $counts.Passed++ }
    else {
        $build.Output | Where-Object { $_ -match 'error' } | Sort-Object -Unique | ForEach-Object { Write-Warning $_ }
        $counts.Failed++
    }
    foreach ($canary in Get-ChildItem -Path (Join-Path $Root 'tests/csharp51/canary') -Filter '*.cs') {
        $line = Select-String -Path $canary.FullName -Pattern '^// Expected error: (CS\d+)' | Select-Object -First 1
        if (-not $line) {
            Write-Warning "The canary $($canary.Name) names no expected error (a line '// Expected error: CSnnnn')."
            $counts.Failed++
            continue
        }
        $expected = $line.Matches[0].Groups[1].Value
        $run = Invoke-Native $dotnet.Source @('build', $project, '--nologo', '--verbosity', 'quiet', '--artifacts-path', $artifacts,
            "-p:ExtraSource=$($canary.FullName)") -Capture -AllowFailure
        $caught = @($run.Output | Where-Object { $_ -match [regex]::Escape($canary.Name) -and $_ -match "error $expected" }).Count -gt 0
        if ($run.ExitCode -ne 0 -and $caught) { $counts.Passed++ }
        else {
            Write-Warning "The canary $($canary.Name) did not fail with $($expected): the Windows PowerShell 5.1 build check no longer catches it."
            $counts.Failed++
        }
    }
    $counts
}

function Invoke-PesterSuite([string] $Stage, [string] $Shell) {
    $modules = Install-Pester
    $counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
    $label = [System.IO.Path]::GetFileNameWithoutExtension($Shell)
    Write-Step "Pester in $label"
    $summary = Join-Path $OutDir "pester-$label.json"
    if (Test-Path $summary) { Remove-Item $summary }
    $arguments = @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', (Join-Path $Root 'tests/Invoke-PesterSuite.ps1'),
        '-ModuleManifest', (Join-Path $Stage "$ModuleName.psd1"), '-PesterModules', $modules,
        '-ResultPath', (Join-Path $OutDir "pester-$label.xml"), '-SummaryPath', $summary)
    Invoke-Native $Shell $arguments -AllowFailure | Out-Null
    if (Test-Path $summary) {
        $data = Get-Content $summary -Raw | ConvertFrom-Json
        $counts.Passed = [int]$data.Passed
        $counts.Failed = [int]$data.Failed
        $counts.Skipped = [int]$data.Skipped
    }
    else {
        $counts.Failed = 1
    }
    $counts
}

function Invoke-Test {
    $stage = Invoke-Build
    $total = @{ Passed = 0; Failed = 0; Skipped = 0 }
    $parts = @()
    $parts += , @('cargo', (Invoke-CargoTests))
    $parts += , @('c', (Invoke-CAbiTest))
    $parts += , @('windows-powershell-5.1-build', (Invoke-WindowsPowerShellCheck))
    $parts += , @('pester', (Invoke-PesterSuite -Stage $stage -Shell (Find-Pwsh)))
    $desktop = Get-Command powershell.exe -ErrorAction SilentlyContinue
    if ($desktop) {
        $parts += , @('pester-5.1', (Invoke-PesterSuite -Stage $stage -Shell $desktop.Source))
    }
    foreach ($part in $parts) {
        $c = $part[1]
        Write-Information -MessageData ('{0}: {1} passed, {2} failed, {3} skipped' -f $part[0], $c.Passed, $c.Failed, $c.Skipped) -InformationAction Continue
        $total.Passed += $c.Passed
        $total.Failed += $c.Failed
        $total.Skipped += $c.Skipped
    }
    Write-Output ('{0} passed, {1} failed, {2} skipped' -f $total.Passed, $total.Failed, $total.Skipped)
    if ($total.Failed -gt 0 -or $total.Passed -eq 0) { exit 1 }
}

function Invoke-Header {
    Write-Step 'regenerating bindings/lightningsync.h'
    Push-Location $Root
    $env:LSYNC_UPDATE_HEADER = '1'
    try { Invoke-Native cargo @('test', '--release', '--locked', '--test', 'header_fresh') | Out-Null }
    finally {
        Remove-Item Env:LSYNC_UPDATE_HEADER
        Pop-Location
    }
}

function Invoke-Bench {
    $stage = Invoke-Build
    Write-Step 'cargo bench (divan)'
    Push-Location $Root
    try { Invoke-Native cargo @('bench', '--locked') | Out-Null }
    finally { Pop-Location }
    foreach ($script in @(Get-ChildItem -Path (Join-Path $Root 'tests/bench') -Filter '*.Bench.ps1' -ErrorAction SilentlyContinue | Sort-Object Name)) {
        Write-Step "benchmark $($script.Name)"
        Invoke-Native (Find-Pwsh) @('-NoProfile', '-NonInteractive', '-File', $script.FullName, '-ModuleManifest', (Join-Path $stage "$ModuleName.psd1"), '-OutDir', $OutDir) | Out-Null
    }
}

function Invoke-Fuzz {
    # 1. The randomized Rust tests (property tests, the deterministic fuzz
    #    pass of tests/fuzz_smoke.rs) with many more cases; the smoke test
    #    also writes the seed corpora (from the test fixtures) to out/fuzz.
    $corpus = Join-Path $OutDir 'fuzz/corpus'
    Write-Step 'randomized tests with LSYNC_FUZZ_CASES=2000000'
    Push-Location $Root
    $env:LSYNC_FUZZ_CASES = '2000000'
    $env:LSYNC_FUZZ_SEED_DIR = $corpus
    try { Invoke-Native cargo @('test', '--release', '--locked') | Out-Null }
    finally {
        Remove-Item Env:LSYNC_FUZZ_CASES
        Remove-Item Env:LSYNC_FUZZ_SEED_DIR
        Pop-Location
    }
    # 2. The libFuzzer targets (fuzz/, one per export family), built on
    #    stable Rust with SanitizerCoverage, each run for LSYNC_FUZZ_SECONDS
    #    (default 60) from its seed corpus. Needs a C++ compiler (libfuzzer-sys
    #    builds libFuzzer); a crash leaves its input in out/fuzz/artifacts.
    Invoke-FuzzTargets -Corpus $corpus
}

function Invoke-FuzzTargets {
    param([string] $Corpus)
    $fuzzDir = Join-Path $Root 'fuzz'
    $triple = ((& rustc -vV) | Where-Object { $_ -like 'host:*' }) -replace '^host:\s*', ''
    $seconds = 60
    if ($env:LSYNC_FUZZ_SECONDS) { $seconds = [int] $env:LSYNC_FUZZ_SECONDS }
    $flags = @(
        '-Cpasses=sancov-module', '-Cllvm-args=-sanitizer-coverage-level=4',
        '-Cllvm-args=-sanitizer-coverage-inline-8bit-counters', '-Cllvm-args=-sanitizer-coverage-pc-table',
        '-Cllvm-args=-sanitizer-coverage-trace-compares', '--cfg', 'fuzzing', '-Cdebug-assertions', '-Coverflow-checks'
    ) -join ' '
    Write-Step "building the libFuzzer targets ($triple)"
    $savedFlags = $env:RUSTFLAGS
    $env:RUSTFLAGS = $flags
    Push-Location $fuzzDir
    # --target keeps the instrumentation off build scripts and proc macros.
    try { Invoke-Native cargo @('build', '--release', '--locked', '--bins', '--target', $triple) | Out-Null }
    finally {
        $env:RUSTFLAGS = $savedFlags
        Pop-Location
    }
    $artifacts = Join-Path $OutDir 'fuzz/artifacts'
    New-Item -ItemType Directory -Force -Path $artifacts | Out-Null
    $summary = @()
    foreach ($family in @('filter', 'preview', 'import', 'plan', 'ews')) {
        $dir = Join-Path $Corpus $family
        New-Item -ItemType Directory -Force -Path $dir | Out-Null
        $exe = Join-Path $fuzzDir "target/$triple/release/$family"
        Write-Step "fuzzing $family for $seconds s"
        $arguments = @($dir, "-max_total_time=$seconds", '-rss_limit_mb=4096', '-timeout=30', "-artifact_prefix=$artifacts/$family-")
        $result = Invoke-Native $exe $arguments -Capture -AllowFailure
        $runs = ($result.Output | Select-String -Pattern 'Done (\d+) runs' | Select-Object -Last 1)
        $count = if ($runs) { $runs.Matches[0].Groups[1].Value } else { '?' }
        $summary += "$family`: $count cases, exit code $($result.ExitCode)"
        if ($result.ExitCode -ne 0) { $summary[-1] += " (see $artifacts)" }
    }
    $summary | ForEach-Object { Write-Information -MessageData $_ -InformationAction Continue }
    if (@($summary | Where-Object { $_ -notmatch 'exit code 0$' }).Count -gt 0) {
        throw "A fuzz target found a failure: $($summary -join '; ')"
    }
}

function Invoke-Package {
    # One .nupkg for every platform: the local build's library plus those in
    # -NativePath (tools/New-LightningSyncPackage.ps1 refuses a partial one
    # unless -AllowPartial), then installed from that feed and smoke-tested.
    $stage = Invoke-Build
    $version = Get-ModuleVersion
    $feed = Join-Path $OutDir 'package'
    if (Test-Path $feed) { Remove-Item -Recurse -Force $feed }
    Write-Step "packing $ModuleName $version into $feed"
    $package = & (Join-Path $Root 'tools/New-LightningSyncPackage.ps1') -StagePath $stage -NativePath $NativePath -OutputPath $feed -AllowPartial:$AllowPartial
    $repository = 'LightningSyncBuild'
    Register-PSResourceRepository -Name $repository -Uri $feed -Trusted -Force
    try {
        $check = Join-Path $OutDir 'package-check'
        if (Test-Path $check) { Remove-Item -Recurse -Force $check }
        New-Item -ItemType Directory -Force -Path $check | Out-Null
        Save-PSResource -Name $ModuleName -Version $version -Repository $repository -Path $check -TrustRepository
        $manifest = Join-Path $check "$ModuleName/$version/$ModuleName.psd1"
        Invoke-Native (Find-Pwsh) @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/smoke/Invoke-SmokeTest.ps1'), '-Module', $manifest) | Out-Null
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    Write-Output "package: $($package.FullName) (installs with Install-PSResource or Install-Module from a repository at $feed)"
}

function Invoke-Clean {
    Write-Step 'removing out/ and target/'
    foreach ($path in @($OutDir, (Get-TargetDir))) {
        if (Test-Path $path) { Remove-Item -Recurse -Force $path }
    }
}

switch ($Task) {
    'Build' { $stage = Invoke-Build; Write-Output "staged: $stage" }
    'Test' { Invoke-Test }
    'Header' { Invoke-Header }
    'Bench' { Invoke-Bench }
    'Fuzz' { Invoke-Fuzz }
    'Package' { Invoke-Package }
    'Clean' { Invoke-Clean }
}
