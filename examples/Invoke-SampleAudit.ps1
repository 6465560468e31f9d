<#
.SYNOPSIS
The module's main job on the bundled sample org (Fabrikam, Exchange 2019): check the scope filter, preview
whom it covers, plan the setup, audit who can impersonate whom, and write the HTML report.

.DESCRIPTION
Imports the staged module (run ./build.ps1 -Task Build first) and works offline from sample-org/:
users.xml and mailboxes.xml (the Get-User and Get-Mailbox exports) and snapshot.xml (the organization's
servers, scopes, role assignments and AD rights, from Export-LightningSyncOrgSnapshot; see
New-SampleSnapshot.ps1). Fabrikam's Lightning Sync account is not set up yet, an old CRM connector can
impersonate everyone, an archiving product's scope matches every mailbox, and leftovers lie around.

Prints each stage and a short summary with the report's path.

.PARAMETER RecipientFilter
The filter of the Lightning Sync scope. Default: Department -eq 'Sales'.

.PARAMETER ReportPath
Where the report goes. Default: out/sample-org-report.html in the repository.
#>
[CmdletBinding()]
param(
    [string] $RecipientFilter = "Department -eq 'Sales'",
    [string] $ReportPath
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
. (Join-Path $PSScriptRoot 'Import-StagedModule.ps1')
Import-StagedLightningSync -Root $root
if (-not $ReportPath) { $ReportPath = Join-Path $root 'out/sample-org-report.html' }

$sample = Join-Path $PSScriptRoot 'sample-org'
$exports = @((Join-Path $sample 'users.xml'), (Join-Path $sample 'mailboxes.xml'))
$snapshot = Join-Path $sample 'snapshot.xml'
$account = 'svc-lightningsync@fabrikam.com'

Write-Output '== 1. Filters checked offline, as Exchange parses them'
$filters = @(
    $RecipientFilter
    "Department -eq Sales"
    "CustomAttribute1 -like '*Sync*' -and RecipientTypeDetails -eq 'UserMailbox'"
    "Department -match 'Sales'"
)
$filters | Test-LightningSyncRecipientFilter | Format-List RecipientFilter, IsValid, Normalized,
    @{ Name = 'Errors'; Expression = { ($_.Errors | ForEach-Object { "$_" }) -join [Environment]::NewLine } } | Out-String -Width 120

Write-Output "== 2. Whose mailboxes the scope '$RecipientFilter' covers in the sample org"
$preview = Get-LightningSyncScopePreview -RecipientFilter $RecipientFilter -Path $exports -Summary
$preview | Format-List | Out-String -Width 200
Get-LightningSyncScopePreview -RecipientFilter $RecipientFilter -Path $exports | Select-Object -First 10 | Format-Table -AutoSize | Out-String -Width 200

Write-Output "== 3. The setup still needed for $account"
$plan = Get-LightningSyncPlan -Snapshot $snapshot -Account $account -RecipientFilter $RecipientFilter
$plan.steps | Format-Table index, action, target, command -AutoSize -Wrap | Out-String -Width 200

Write-Output '== 4. Who can impersonate whom, and what is wrong'
$findings = @(Test-LightningSyncServiceAccount -Snapshot $snapshot -Account $account)
$findings | Format-Table Severity, Code, Target -AutoSize | Out-String -Width 200

Write-Output '== 5. The report'
$report = $plan | Export-LightningSyncReport -Path $ReportPath -Snapshot $snapshot -RecipientPath $exports -Force -PassThru

$bySeverity = @($findings | Group-Object Severity | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', '
Write-Output ''
Write-Output 'Summary'
Write-Output ("  Scope '{0}' covers {1} of {2} recipients" -f $RecipientFilter, $preview.Matched, $preview.Total)
Write-Output ("  Setup steps still needed: {0}" -f @($plan.steps).Count)
Write-Output ("  Findings: {0}" -f $bySeverity)
Write-Output ("  Report: {0} ({1:N0} KB)" -f $report.FullName, ($report.Length / 1KB))
