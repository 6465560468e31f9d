function Get-LightningSyncPlan {
    <#
    .SYNOPSIS
    Shows which steps of the service-account setup (or removal) are still needed, why, and the exact commands.

    .DESCRIPTION
    Compares the organization with the desired state and returns an ordered, idempotent plan: an empty
    plan (Converged = True) when nothing is left to do. Nothing is changed. The organization is read from
    the current Exchange session (default), from a snapshot file (-Snapshot, see
    Export-LightningSyncOrgSnapshot), or not at all (-Offline -ExchangeVersion: a plan for a fresh org).

    On-premises the plan creates the mailbox when asked (-CreateMailbox), grants the legacy AD extended
    rights the Salesforce article lists (no effect since Exchange 2010; left out on 2010 and with
    -SkipLegacyAdPermission), creates the management scope and an explicitly named ApplicationImpersonation
    assignment. A scope of that name with another filter stops the plan naming both filters, unless
    -OnExistingScope Update; a scope with the same filter under another name is reused (Exchange refuses a
    second one). Exchange Online refuses ApplicationImpersonation (retired) and plans RBAC for
    Applications instead: New-ServicePrincipal, New-ManagementScope and 'Application Calendars.ReadWrite' /
    'Application Contacts.ReadWrite' assignments with -CustomResourceScope, after
    Enable-OrganizationCustomization in a dehydrated tenant. Findings flag, among others, org-wide
    impersonation grants that make the scope meaningless.

    .PARAMETER Account
    The service account (UPN, alias or DOMAIN\sam). Online, the display name given to the service principal pointer.

    .PARAMETER RecipientFilter
    The OPATH filter of the scope, e.g. "Department -eq 'Sales'". Needed for setup plans.

    .PARAMETER Department
    Instead of -RecipientFilter: the mailboxes of these departments (built and
    quoted by ConvertTo-LightningSyncRecipientFilter; values of one parameter
    are or-ed, parameters and-ed).

    .PARAMETER Company
    Instead of -RecipientFilter: the mailboxes of these companies.

    .PARAMETER Office
    Instead of -RecipientFilter: the mailboxes of these offices.

    .PARAMETER MemberOfGroup
    Instead of -RecipientFilter: the direct members of these groups (distinguished names).

    .PARAMETER RecipientTypeDetails
    Instead of -RecipientFilter, or with the other builder parameters: these recipient types.

    .PARAMETER FilterCondition
    Instead of -RecipientFilter, or with the other builder parameters: any other
    filterable properties and their values, e.g. @{ CustomAttribute1 = 'SF' }.

    .PARAMETER ScopeName
    The management scope's name (default LightningSync-<account>; at most 64 characters).

    .PARAMETER AssignmentName
    The role assignment's name (default LightningSync-<account>-Impersonation; online the base of one name per role).

    .PARAMETER Target
    OnPremises or ExchangeOnline. Default: what the session or snapshot is.

    .PARAMETER Snapshot
    A snapshot file from Export-LightningSyncOrgSnapshot.

    .PARAMETER Offline
    Plan without reading any organization, for the version given by -ExchangeVersion.

    .PARAMETER ExchangeVersion
    With -Offline: 2010, 2013, 2016, 2019, SE or Online.

    .PARAMETER CreateMailbox
    Plan New-Mailbox when the account does not exist (the password is asked for when the plan runs).

    .PARAMETER SkipLegacyAdPermission
    Leave out the ms-Exch-EPI extended-rights steps.

    .PARAMETER ExclusiveScope
    Make the scope exclusive (on-premises only; everyone else loses write access to its recipients).

    .PARAMETER OnExistingScope
    Fail (default) or Update when a scope of that name has another filter.

    .PARAMETER RemoveUnscopedGrants
    Also remove the account's other organization-wide ApplicationImpersonation assignments.

    .PARAMETER AppId
    Exchange Online: the application id (default: Salesforce Einstein Activity Capture, c55d6177-918e-4745-96d3-1715194bc7e8).

    .PARAMETER ServicePrincipalObjectId
    Exchange Online: the enterprise application's object id (Entra ID > Enterprise applications), needed when no pointer exists yet.

    .PARAMETER DomainController
    On-premises: the domain controller every read and every planned command uses.

    .PARAMETER Role
    Exchange Online: the application roles to grant (default 'Application Calendars.ReadWrite' and
    'Application Contacts.ReadWrite', what Einstein Activity Capture needs for events and contacts). Any
    documented "Application ..." role, with or without the prefix; anything else is refused with the list.
    Planning again with another set converges to it: the plan's own assignments of roles left out are removed.

    .PARAMETER RecipientGroupScope
    Exchange Online: scope the roles to the direct members of this group (New-ManagementRoleAssignment
    -RecipientGroupScope) instead of a filter; members of nested groups are not covered (a finding counts them).

    .PARAMETER RecipientAdministrativeUnitScope
    Exchange Online: scope the roles to this Entra administrative unit (its id) instead of a filter.

    .PARAMETER Removal
    Plan the removal of the account's grants instead of the setup.

    .PARAMETER RemoveMailbox
    With -Removal: also remove the service mailbox.

    .EXAMPLE
    PS> Get-LightningSyncPlan -Account svc-sync@contoso.com -RecipientFilter "Department -eq 'Sales'"

    Plans the setup against the current Exchange Management Shell session.

    .EXAMPLE
    PS> Get-LightningSyncPlan -Offline -ExchangeVersion SE -Account svc-sync@contoso.com -RecipientFilter "Department -eq 'Sales'" -CreateMailbox | Export-LightningSyncScript -Path .\setup.ps1

    Writes a reviewed, re-runnable script for an Exchange SE admin, without access to Exchange.

    .EXAMPLE
    PS> Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account svc-sync@contoso.com -Department Sales, 'R&D'

    Builds the quoted filter from the departments instead of taking a filter text.

    .EXAMPLE
    PS> Get-LightningSyncPlan -Snapshot .\contoso.clixml -Account svc-sync -Removal

    Plans the removal from a saved snapshot.

    .EXAMPLE
    PS> Get-LightningSyncPlan -Account 'Salesforce EAC' -Target ExchangeOnline -ServicePrincipalObjectId 6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1 -RecipientFilter "CustomAttribute1 -eq 'SFDC'"

    Plans RBAC for Applications in Exchange Online for Salesforce's application.

    .EXAMPLE
    PS> Get-LightningSyncPlan -Account 'Salesforce EAC' -Target ExchangeOnline -RecipientGroupScope 'Sales Team' -Role 'Calendars.ReadWrite', 'Contacts.ReadWrite', 'Mail.Read'

    Without -AppId the plan uses Einstein Activity Capture's application id and says so in a finding
    (DefaultApplicationId); the three roles are scoped to the direct members of the group 'Sales Team'.

    .OUTPUTS
    LightningSync.Plan
    #>
    [CmdletBinding(DefaultParameterSetName = 'Live')]
    [OutputType('LightningSync.Plan')]
    param(
        [Parameter(Mandatory, Position = 0)]
        [Alias('Identity')]
        [ValidateNotNullOrEmpty()]
        [string] $Account,

        [Parameter(Position = 1)]
        [Alias('Filter', 'RecipientRestrictionFilter')]
        [string] $RecipientFilter,

        [string[]] $Department,

        [string[]] $Company,

        [string[]] $Office,

        [string[]] $MemberOfGroup,

        [string[]] $RecipientTypeDetails,

        [System.Collections.IDictionary] $FilterCondition,

        [string] $ScopeName,

        [string] $AssignmentName,

        [ValidateSet('OnPremises', 'ExchangeOnline')]
        [string] $Target,

        [Parameter(Mandatory, ParameterSetName = 'Snapshot')]
        [ValidateNotNullOrEmpty()]
        [string] $Snapshot,

        [Parameter(Mandatory, ParameterSetName = 'Offline')]
        [switch] $Offline,

        [Parameter(Mandatory, ParameterSetName = 'Offline')]
        [ValidateSet('2010', '2013', '2016', '2019', 'SE', 'Online')]
        [string] $ExchangeVersion,

        [switch] $CreateMailbox,

        [switch] $SkipLegacyAdPermission,

        [switch] $ExclusiveScope,

        [ValidateSet('Fail', 'Update')]
        [string] $OnExistingScope = 'Fail',

        [switch] $RemoveUnscopedGrants,

        [string] $AppId,

        [string] $ServicePrincipalObjectId,

        [string] $DomainController,

        [switch] $Removal,

        [switch] $RemoveMailbox,

        [string[]] $Role,

        [string] $RecipientGroupScope,

        [string] $RecipientAdministrativeUnitScope
    )

    Import-LightningSyncPrivateFunction
    Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0

    try {
        $state = $null
        switch ($PSCmdlet.ParameterSetName) {
            'Snapshot' {
                $full = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Snapshot)
                $state = Read-LightningSyncSnapshotFile -Path $full
                if ($state -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.ThrowTerminatingError($state) }
                # The library reads the environment the snapshot records.
                $Target = Invoke-LightningSyncQuietly -Caller $PSCmdlet -Name 'Resolve-LightningSyncExchangeTarget' -Parameters @{ Target = $Target; Snapshot = $state }
            }
            'Offline' {
                # The version the caller names is the environment.
                if (-not $Target) { $Target = $(if ($ExchangeVersion -eq 'Online') { 'ExchangeOnline' } else { 'OnPremises' }) }
            }
            default {
                $Target = Invoke-LightningSyncQuietly -Caller $PSCmdlet -Name 'Resolve-LightningSyncExchangeTarget' -Parameters @{ Target = $Target }
                $state = Invoke-LightningSyncQuietly -Caller $PSCmdlet -Name 'Get-LightningSyncOrgState' -Parameters @{ Account = $Account; DomainController = $DomainController; RecipientGroupScope = $RecipientGroupScope }
            }
        }
        $filter = Invoke-LightningSyncQuietly -Caller $PSCmdlet -Name 'Get-LightningSyncRequestedFilter' -Parameters @{ BoundParameters = $PSCmdlet.MyInvocation.BoundParameters; Target = $Target; Account = $Account }
        $desired = New-LightningSyncDesiredState -BoundParameters $PSCmdlet.MyInvocation.BoundParameters -Target $Target -RecipientFilter $filter -DomainController $DomainController
        if ($Removal -and $Offline) {
            $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Message 'A removal is planned from the organization: use the live session or -Snapshot, not -Offline.' -ErrorId 'LightningSync.RemovalNeedsState' -Category InvalidArgument -TargetObject $Account))
        }
        Invoke-LightningSyncQuietly -Caller $PSCmdlet -Name 'Invoke-LightningSyncPlanner' -Parameters @{ OrgState = $state; Desired = $desired; Removal = [bool]$Removal; RemoveMailbox = [bool]$RemoveMailbox }
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
}
