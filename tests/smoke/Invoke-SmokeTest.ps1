<#
.SYNOPSIS
Smoke test of an installed or staged LightningSync: import, one filter check,
one preview of the sample org. Exits 1 on the first failure.

.DESCRIPTION
Runs in Windows PowerShell 5.1 and PowerShell 7. The continuous-integration
workflow runs it on every OS after Install-PSResource from the package;
build.ps1 -Task Package runs it on the package it saved.

.PARAMETER Module
The module to import: a name (installed module) or the path of a manifest.

.PARAMETER SampleOrg
The folder with users.xml and mailboxes.xml (default: examples/sample-org).

.EXAMPLE
PS> ./tests/smoke/Invoke-SmokeTest.ps1 -Module LightningSync
#>
[CmdletBinding()]
param(
    [string] $Module = 'LightningSync',
    [string] $SampleOrg = (Join-Path $PSScriptRoot '../../examples/sample-org')
)

$ErrorActionPreference = 'Stop'
try {
    Import-Module $Module -ErrorAction Stop
    $loaded = Get-Module LightningSync
    Write-Output "imported LightningSync $($loaded.Version) from $($loaded.ModuleBase) in PowerShell $($PSVersionTable.PSVersion) $($PSVersionTable.PSEdition)"

    $check = Test-LightningSyncRecipientFilter -RecipientFilter "department -eq 'Sales'"
    if (-not $check.IsValid -or $check.Normalized -ne "Department -eq 'Sales'") { throw "Test-LightningSyncRecipientFilter returned IsValid=$($check.IsValid) Normalized=$($check.Normalized)." }
    $bad = Test-LightningSyncRecipientFilter -RecipientFilter 'Department -eq Sales'
    if ($bad.IsValid) { throw 'Test-LightningSyncRecipientFilter accepted a bare-word value.' }
    Write-Output 'Test-LightningSyncRecipientFilter: ok'

    $paths = @((Join-Path $SampleOrg 'users.xml'), (Join-Path $SampleOrg 'mailboxes.xml'))
    $summary = Get-LightningSyncScopePreview -RecipientFilter "Department -eq 'Sales'" -Path $paths -Summary -WarningAction SilentlyContinue
    if ($summary.Total -le 0 -or $summary.Matched -le 0 -or $summary.Matched -ge $summary.Total) { throw "The preview of the sample org read $($summary.Total) and matched $($summary.Matched)." }
    Write-Output "Get-LightningSyncScopePreview: ok ($($summary.Matched) of $($summary.Total) recipients in scope)"
}
catch {
    Write-Output "smoke test FAILED: $($_.Exception.Message)"
    exit 1
}
exit 0
