<#
.SYNOPSIS
Runs the Pester suite (tests/pester) against a staged module and writes the
counts to a JSON file. build.ps1 runs it in a fresh process, once per shell.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $PesterModules,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SummaryPath
)

$ErrorActionPreference = 'Stop'
$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).Path
$env:PSModulePath = $PesterModules + [System.IO.Path]::PathSeparator + $env:PSModulePath
Import-Module Pester -RequiredVersion 5.9.1

# Every test file imports the module under test from here.
$env:LIGHTNINGSYNC_MODULE_MANIFEST = $ModuleManifest

$configuration = New-PesterConfiguration
$configuration.Run.Path = Join-Path $PSScriptRoot 'pester'
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath

$result = Invoke-Pester -Configuration $configuration
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
$summary = @{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount + $result.NotRunCount }
Set-Content -Path $SummaryPath -Value (ConvertTo-Json -InputObject $summary) -Encoding UTF8
"pester: $($summary.Passed) passed, $($summary.Failed) failed, $($summary.Skipped) skipped"
