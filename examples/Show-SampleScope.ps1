<#
.SYNOPSIS
The module's main job on the bundled sample org: check a scope filter offline,
then preview whose mailboxes it covers.

.DESCRIPTION
Imports the staged module (run ./build.ps1 -Task Build first), checks a few
filters the way Exchange parses them, and previews the scope
"Department -eq 'Sales'" over the sample org's Get-User and Get-Mailbox
exports in sample-org/

.PARAMETER RecipientFilter
The filter to preview. Default: Department -eq 'Sales'.
#>
[CmdletBinding()]
param(
    [string] $RecipientFilter = "Department -eq 'Sales'"
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
$staged = Get-ChildItem -Path (Join-Path $root 'out/LightningSync') -Directory -ErrorAction SilentlyContinue |
    Sort-Object { [version]$_.Name } | Select-Object -Last 1
if (-not $staged) { throw 'The module is not built: run ./build.ps1 -Task Build first.' }
Import-Module (Join-Path $staged.FullName 'LightningSync.psd1') -Force

Write-Output '== Filters checked offline, as Exchange parses them'
$filters = @(
    $RecipientFilter
    "Department -eq Sales"
    "CustomAttribute1 -like '*Sync*' -and RecipientTypeDetails -eq 'UserMailbox'"
    "Department -match 'Sales'"
)
$filters | Test-LightningSyncRecipientFilter | Format-List RecipientFilter, IsValid, Normalized,
    @{ Name = 'Errors'; Expression = { ($_.Errors | ForEach-Object { "$_" }) -join [Environment]::NewLine } } | Out-String -Width 120

if (Get-Command Get-LightningSyncScopePreview -ErrorAction SilentlyContinue) {
    $paths = @((Join-Path $PSScriptRoot 'sample-org/users.xml'), (Join-Path $PSScriptRoot 'sample-org/mailboxes.xml'))
    Write-Output "== Whose mailboxes the scope '$RecipientFilter' covers in the sample org"
    Get-LightningSyncScopePreview -RecipientFilter $RecipientFilter -Path $paths -Summary | Format-List | Out-String -Width 200
    Get-LightningSyncScopePreview -RecipientFilter $RecipientFilter -Path $paths | Select-Object -First 10 | Format-Table -AutoSize | Out-String -Width 200
}
