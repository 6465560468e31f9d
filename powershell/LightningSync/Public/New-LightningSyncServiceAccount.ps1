function New-LightningSyncServiceAccount {
    <#
    .SYNOPSIS
    Sets up the Exchange service account a sync product impersonates mailboxes
    with, in one call: all or nothing, safe to run again.

    .DESCRIPTION
    Does what the Salesforce article "Set Up a Microsoft Exchange Service Account
    to Communicate with Lightning Sync" describes, in Exchange Management Shell
    (Windows PowerShell 5.1) or an Exchange Online session (PowerShell 7):

    1. reads the organization (materialised collections, so remote Exchange never
       meets "Pipelines cannot be executed concurrently");
    2. plans the steps still needed (the service mailbox, the legacy AD extended
       rights on Exchange 2013 and later, the management scope, the
       ApplicationImpersonation assignment with an explicit name; in Exchange
       Online the RBAC for Applications steps instead);
    3. applies them one by one through the native Exchange cmdlets, with
       ShouldProcess per step and progress.

    When a step fails, the steps this run completed are undone newest first, and
    one terminating error (LightningSync.ApplyFailed) says what failed, what was
    undone and what could not be. Objects the run did not create are never
    touched. Transient faults ("Pipelines cannot be executed concurrently", an
    object not yet replicated right after it was created, throttling) are
    retried with doubling waits, by default 5 tries within 60 seconds; every
    other error is not retried.

    On an organization that already matches, no Exchange cmdlet that writes is
    called and the result says so.

    Exchange Online retired ApplicationImpersonation: there the command refuses
    it and explains the flags to use instead (-AppId, -ServicePrincipalObjectId),
    applies RBAC for Applications, checks the grant with
    Test-ServicePrincipalAuthorization when the session has it, and warns that
    the application may see the grant only after the permission cache (30
    minutes to 2 hours).

    The password is only ever passed to New-Mailbox as a SecureString: it appears
    in no output, stream, error or plan, and never crosses into the native library.

    .PARAMETER Identity
    The service account: user principal name (svc-sync@contoso.com), alias or
    name. In Exchange Online with RBAC for Applications, the name the grants are
    reported under.

    .PARAMETER RecipientFilter
    The OPATH filter of the mailboxes the account may impersonate, as passed to
    New-ManagementScope -RecipientRestrictionFilter, e.g. "Department -eq 'Sales'".
    A string or a script block (taken verbatim).

    .PARAMETER Department
    Instead of -RecipientFilter: the mailboxes of these departments (the filter is
    built and quoted by ConvertTo-LightningSyncRecipientFilter, like the other
    builder parameters; values of one parameter are or-ed, parameters and-ed).

    .PARAMETER Company
    Instead of -RecipientFilter: the mailboxes of these companies.

    .PARAMETER Office
    Instead of -RecipientFilter: the mailboxes of these offices.

    .PARAMETER MemberOfGroup
    Instead of -RecipientFilter: the direct members of these groups (distinguished names).

    .PARAMETER RecipientTypeDetails
    Instead of -RecipientFilter, or with the other builder parameters: these
    recipient types (UserMailbox, SharedMailbox ...).

    .PARAMETER FilterCondition
    Instead of -RecipientFilter, or with the other builder parameters: any other
    filterable properties and their values, e.g. @{ CustomAttribute1 = 'SF' }.

    .PARAMETER ScopeName
    The management scope's name. Default: derived from the account by the planner.

    .PARAMETER AssignmentName
    The role assignment's name. Default: an explicit name chosen by the planner,
    never Exchange's auto-naming (which piles up duplicates on re-runs).

    .PARAMETER CreateMailbox
    Create the service account's mailbox when it does not exist. Needs -Password
    or -Credential.

    .PARAMETER Password
    The new mailbox's password, as a SecureString.

    .PARAMETER Credential
    The new mailbox's password, taken from the credential (its user name is not used).

    .PARAMETER SkipLegacyAdPermission
    Do not grant the legacy AD extended rights ms-Exch-EPI-Impersonation and
    ms-Exch-EPI-May-Impersonate. They are the Exchange 2007 mechanism and have no
    effect since Exchange 2010 (RBAC decides), but the article lists them.

    .PARAMETER UpdateExistingScope
    When a scope of that name exists with another filter, change its filter
    (which changes every assignment using it) instead of failing.

    .PARAMETER ExclusiveScope
    Create an exclusive scope. Everyone without an exclusive assignment then loses
    write access to the matching recipients: only when that is intended.

    .PARAMETER Target
    OnPremises or ExchangeOnline. Detected when not given: Exchange Online when
    Get-ServicePrincipal or Get-ConnectionInformation is available and
    Get-ExchangeServer is not.

    .PARAMETER AppId
    Exchange Online: the application (client) id of the enterprise application,
    for RBAC for Applications. Default: the planner's (Salesforce Einstein
    Activity Capture).

    .PARAMETER ServicePrincipalObjectId
    Exchange Online: the object id of the enterprise application's service
    principal (Enterprise applications blade, not App registrations).

    .PARAMETER DomainController
    On-premises: the domain controller every read and write goes to. When not
    given, the one Exchange answers from (OriginatingServer) is used for the
    whole run, so a step reads what the step before it wrote.

    .PARAMETER Force
    Do not ask for confirmation (unless -Confirm is given explicitly).

    .PARAMETER RecipientGroupScope
    Exchange Online, instead of -RecipientFilter: the roles cover the direct members of this group
    (New-ManagementRoleAssignment -RecipientGroupScope). Members of nested groups are not covered; the plan
    warns and counts them (NestedGroupNotExpanded).

    .PARAMETER RecipientAdministrativeUnitScope
    Exchange Online, instead of -RecipientFilter: the roles cover the members of this Entra administrative
    unit (its id; New-ManagementRoleAssignment -RecipientAdministrativeUnitScope).

    .PARAMETER Role
    Exchange Online: the application roles to grant. Default 'Application Calendars.ReadWrite' and
    'Application Contacts.ReadWrite' (Einstein Activity Capture's events and contacts). Any documented
    "Application ..." role, with or without the prefix; anything else is refused with the list. Running
    again with another set converges to it (the run's own assignments of roles left out are removed).

    .PARAMETER RetryCount
    Tries in all for a step that meets a transient fault. Default 5.

    .PARAMETER RetryMaxSeconds
    Upper bound of the waits between the tries of one step. Default 60.

    .EXAMPLE
    PS> New-LightningSyncServiceAccount -Identity svc-sync@contoso.com -RecipientFilter "Department -eq 'Sales'" -CreateMailbox -Password (Read-Host -AsSecureString 'Password')

    Creates the mailbox, the legacy AD rights, the scope and the
    ApplicationImpersonation assignment, and returns the result with each step's
    status and duration.

    .EXAMPLE
    PS> New-LightningSyncServiceAccount -Identity svc-sync@contoso.com -RecipientFilter "Department -eq 'Sales'" -WhatIf

    Shows the plan; nothing is changed.

    .EXAMPLE
    PS> New-LightningSyncServiceAccount -Identity svc-sync@contoso.com -RecipientFilter "Department -eq 'Sales'" -ScopeName 'Lightning Sync - Sales' -AssignmentName 'Lightning Sync impersonation' -SkipLegacyAdPermission -Force

    Uses the given names, skips the legacy AD rights and does not ask.

    .EXAMPLE
    PS> New-LightningSyncServiceAccount -Identity svc-sync@contoso.com -Department Sales, 'R&D' -FilterCondition @{ CustomAttribute1 = 'SF' } -SkipLegacyAdPermission

    Builds the quoted filter from the values instead of taking a filter text.

    .EXAMPLE
    PS> New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -RecipientFilter "CustomAttribute1 -eq 'SF'" -Target ExchangeOnline -AppId c55d6177-918e-4745-96d3-1715194bc7e8 -ServicePrincipalObjectId 6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1

    Exchange Online: RBAC for Applications for the application, scoped to the
    mailboxes with CustomAttribute1 SF, then Test-ServicePrincipalAuthorization.

    .EXAMPLE
    PS> New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -RecipientGroupScope 'Sales Team' -Role Calendars.ReadWrite, Contacts.ReadWrite, Mail.Read -ServicePrincipalObjectId 6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1 -WhatIf

    Shows the plan for three application roles scoped to the direct members of the group 'Sales Team'.

    .INPUTS
    None.

    .OUTPUTS
    LightningSync.ServiceAccountResult
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium', DefaultParameterSetName = 'Filter')]
    [OutputType('LightningSync.ServiceAccountResult')]
    param(
        [Parameter(Mandatory, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string] $Identity,

        [Parameter(Mandatory, Position = 1, ParameterSetName = 'Filter')]
        [Alias('Filter', 'RecipientRestrictionFilter')]
        [object] $RecipientFilter,

        [Parameter(Mandatory, ParameterSetName = 'Group')]
        [ValidateNotNullOrEmpty()]
        [string] $RecipientGroupScope,

        [Parameter(Mandatory, ParameterSetName = 'AdministrativeUnit')]
        [ValidateNotNullOrEmpty()]
        [string] $RecipientAdministrativeUnitScope,

        [ValidateNotNullOrEmpty()]
        [string[]] $Role,

        [Parameter(ParameterSetName = 'Builder')]
        [string[]] $Department,

        [Parameter(ParameterSetName = 'Builder')]
        [string[]] $Company,

        [Parameter(ParameterSetName = 'Builder')]
        [string[]] $Office,

        [Parameter(ParameterSetName = 'Builder')]
        [string[]] $MemberOfGroup,

        [Parameter(ParameterSetName = 'Builder')]
        [string[]] $RecipientTypeDetails,

        [Parameter(ParameterSetName = 'Builder')]
        [System.Collections.IDictionary] $FilterCondition,

        [ValidateNotNullOrEmpty()]
        [string] $ScopeName,

        [ValidateNotNullOrEmpty()]
        [string] $AssignmentName,

        [switch] $CreateMailbox,

        [System.Security.SecureString] $Password,

        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential,

        [switch] $SkipLegacyAdPermission,

        [switch] $UpdateExistingScope,

        [switch] $ExclusiveScope,

        [ValidateSet('OnPremises', 'ExchangeOnline')]
        [string] $Target,

        [ValidatePattern('^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$')]
        [string] $AppId,

        [ValidatePattern('^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$')]
        [string] $ServicePrincipalObjectId,

        [ValidateNotNullOrEmpty()]
        [string] $DomainController,

        [switch] $Force,

        [ValidateRange(1, 20)]
        [int] $RetryCount,

        [ValidateRange(0, 3600)]
        [double] $RetryMaxSeconds
    )

    Import-LightningSyncPrivateFunction
    Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0

    if ($Force -and -not $PSCmdlet.MyInvocation.BoundParameters.ContainsKey('Confirm')) { $ConfirmPreference = 'None' }
    # -Debug in Windows PowerShell 5.1 means Inquire: a prompt at every debug line of every step.
    if ($DebugPreference -eq 'Inquire') { $DebugPreference = 'Continue' }

    if ($null -ne $Password -and $null -ne $Credential) {
        $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Message 'Give the new mailbox''s password either with -Password or with -Credential, not both.' -ErrorId 'LightningSync.PasswordAmbiguous' -Category InvalidArgument -TargetObject $Identity))
    }
    $secrets = @{}
    if ($null -ne $Credential) { $secrets['Password'] = $Credential.Password }
    elseif ($null -ne $Password) { $secrets['Password'] = $Password }

    try {
        $prepared = Get-LightningSyncServiceAccountPlan -Caller $PSCmdlet
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
    $plan = $prepared.Plan

    $principal = $ServicePrincipalObjectId
    if (-not $principal) { $principal = $AppId }
    if (-not $principal -and $null -ne $plan.PSObject.Properties['steps']) {
        foreach ($step in @($plan.steps)) {
            if ($step.cmdlet -eq 'New-ServicePrincipal' -and $null -ne $step.parameters.PSObject.Properties['ObjectId']) { $principal = [string]$step.parameters.ObjectId }
        }
    }
    Invoke-LightningSyncPlanApply -Plan $plan -Caller $PSCmdlet -Identity $Identity -Target $prepared.Target -Secrets $secrets -Policy $prepared.Policy -DomainController $prepared.DomainController -Operation 'Setup' -ServicePrincipalIdentity $principal
}
