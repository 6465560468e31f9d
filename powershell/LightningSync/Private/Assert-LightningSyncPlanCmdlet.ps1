# The Exchange cmdlets a plan may run. A plan step naming any other command is refused.
$script:LightningSyncPlanCmdlets = @(
    'Get-User', 'Get-Mailbox', 'Get-Recipient', 'New-Mailbox', 'Remove-Mailbox',
    'Get-ManagementScope', 'New-ManagementScope', 'Set-ManagementScope', 'Remove-ManagementScope',
    'Get-ManagementRoleAssignment', 'New-ManagementRoleAssignment', 'Set-ManagementRoleAssignment', 'Remove-ManagementRoleAssignment',
    'Get-ADPermission', 'Add-ADPermission', 'Remove-ADPermission',
    'Get-ServicePrincipal', 'New-ServicePrincipal', 'Set-ServicePrincipal', 'Remove-ServicePrincipal',
    'Get-OrganizationConfig', 'Enable-OrganizationCustomization', 'Test-ServicePrincipalAuthorization',
    'Get-ExchangeServer', 'Get-MailboxDatabase', 'Enable-Mailbox', 'Disable-Mailbox',
    'Get-CASMailbox', 'Get-DistributionGroup', 'Get-DistributionGroupMember'
)

function Assert-LightningSyncPlanCmdlet {
    <#
    .SYNOPSIS
    Throws LightningSync.PlanInvalid unless the name is one of the Exchange cmdlets a plan may run.
    #>
    [CmdletBinding()]
    param([AllowEmptyString()] [string] $Name)

    foreach ($allowed in $script:LightningSyncPlanCmdlets) {
        if ([string]::Equals($allowed, $Name, [System.StringComparison]::OrdinalIgnoreCase)) { return }
    }
    throw (New-LightningSyncErrorRecord -Message "The plan names the command '$Name', which is not an Exchange cmdlet this module runs." -ErrorId 'LightningSync.PlanInvalid' -Category InvalidData -TargetObject $Name)
}
