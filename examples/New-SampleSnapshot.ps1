<#
.SYNOPSIS
    Writes examples/sample-org/snapshot.xml: the Fabrikam sample org's Exchange 2019 configuration, with the
    problems an impersonation audit should find.

.DESCRIPTION
    Builds the organization in the Exchange emulator (tests/emulator), then saves it with the module's own
    Export-LightningSyncOrgSnapshot (without recipients: the sample org's users.xml and mailboxes.xml are the
    recipients). The emulator's contoso.com names become fabrikam.com. The org holds:

      - svc-lightningsync, the Salesforce Lightning Sync account, not set up yet: only a disabled, unscoped
        ApplicationImpersonation assignment left from a first attempt, and the legacy ms-Exch-EPI extended
        rights from the vendor article;
      - svc-crm-legacy, an old CRM connector with an unscoped ApplicationImpersonation assignment;
      - svc-archive, an archiving product whose scope matches every mailbox;
      - an orphaned management scope from a 2021 pilot.

    Run the staged module build first (./build.ps1 -Task Build).

.PARAMETER Path
    Where the snapshot goes. Default: sample-org/snapshot.xml next to this script.

.EXAMPLE
    ./examples/New-SampleSnapshot.ps1
    Regenerates examples/sample-org/snapshot.xml.
#>
[CmdletBinding()]
param(
    [string] $Path = (Join-Path $PSScriptRoot 'sample-org/snapshot.xml')
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
. (Join-Path $PSScriptRoot 'Import-StagedModule.ps1')
Import-StagedLightningSync -Root $root
Import-Module (Join-Path $root 'tests/emulator/ExchangeEmulator.psd1') -Force

Reset-ExchangeEmulator -Version 2019
$accounts = 'contoso.com/Service Accounts'
Add-EmulatorRecipient -Name 'svc-lightningsync' -OrganizationalUnit $accounts -DisplayName 'Salesforce Lightning Sync'
Add-EmulatorRecipient -Name 'svc-crm-legacy' -OrganizationalUnit $accounts -DisplayName 'CRM connector (2016)'
Add-EmulatorRecipient -Name 'svc-archive' -OrganizationalUnit $accounts -DisplayName 'Mail archiving'

# A first attempt at the Lightning Sync setup, switched off but not removed, and the legacy rights.
Add-EmulatorRoleAssignment -Name 'ApplicationImpersonation-svc-lightningsync' -Role ApplicationImpersonation -Assignee 'svc-lightningsync' -Enabled $false
Add-EmulatorAdPermission -Identity 'EX01' -User 'svc-lightningsync' -ExtendedRights 'ms-Exch-EPI-Impersonation'
Add-EmulatorAdPermission -Identity 'DB01' -User 'svc-lightningsync' -ExtendedRights 'ms-Exch-EPI-May-Impersonate'

# The old CRM connector: impersonation over the whole organization.
Add-EmulatorRoleAssignment -Name 'ApplicationImpersonation-svc-crm-legacy' -Role ApplicationImpersonation -Assignee 'svc-crm-legacy'

# The archiving product: a scope that looks limited and matches everyone.
Add-EmulatorManagementScope -Name 'Archive - all user mailboxes' -RecipientFilter "Name -like '*'"
Add-EmulatorRoleAssignment -Name 'Archive-Impersonation' -Role ApplicationImpersonation -Assignee 'svc-archive' -CustomRecipientWriteScope 'Archive - all user mailboxes'

# A pilot nobody cleaned up.
Add-EmulatorManagementScope -Name 'Sales Pilot 2021' -RecipientFilter "Department -eq 'Sales Pilot'"

$temp = [System.IO.Path]::GetTempFileName()
try {
    Export-LightningSyncOrgSnapshot -Path $temp -Account 'svc-lightningsync@contoso.com' -Force | Out-Null
    $text = [System.IO.File]::ReadAllText($temp)
}
finally {
    Remove-Item -LiteralPath $temp -ErrorAction SilentlyContinue
}
$text = $text.Replace('contoso', 'fabrikam').Replace('Contoso', 'Fabrikam').Replace('CONTOSO', 'FABRIKAM')
[System.IO.File]::WriteAllText($Path, $text, (New-Object System.Text.UTF8Encoding $false))
Remove-Module ExchangeEmulator
Get-Item -LiteralPath $Path
