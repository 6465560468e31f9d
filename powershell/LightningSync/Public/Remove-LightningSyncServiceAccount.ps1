function Remove-LightningSyncServiceAccount {
    <#
    .SYNOPSIS
    Takes the service account's impersonation grants away again: all or nothing,
    safe to run again.

    .DESCRIPTION
    Reads the organization, plans the reverse teardown and applies it through
    the native Exchange cmdlets, with ShouldProcess per step (ConfirmImpact High:
    each step asks unless -Force or -Confirm:$false):

    1. the role assignment(s) of the service account (ApplicationImpersonation
       on-premises, the application roles in Exchange Online);
    2. the management scope, when no other assignment uses it;
    3. the legacy AD extended rights (ms-Exch-EPI-Impersonation,
       ms-Exch-EPI-May-Impersonate) granted to the account;
    4. in Exchange Online, the service principal pointer when nothing else uses it;
    5. the mailbox, only with -RemoveMailbox.

    When a step fails, the steps this run completed are undone newest first (a
    removed mailbox cannot be brought back, so it is removed last) and one
    terminating error (LightningSync.ApplyFailed) says what failed, what was
    undone and what could not be. Transient faults are retried as in
    New-LightningSyncServiceAccount; on an organization with nothing to remove,
    no Exchange cmdlet that writes is called and the result says so.

    .PARAMETER Identity
    The service account: user principal name, alias or name (in Exchange Online
    with RBAC for Applications, the name the grants were reported under).

    .PARAMETER ScopeName
    The management scope to remove. Default: the one the account's assignment uses
    or the planner's default name for the account.

    .PARAMETER AssignmentName
    The role assignment to remove. Default: the account's assignments found by the planner.

    .PARAMETER RemoveMailbox
    Also remove the service account's mailbox and its user account. This cannot be undone.

    .PARAMETER Target
    OnPremises or ExchangeOnline. Detected when not given, as in New-LightningSyncServiceAccount.

    .PARAMETER AppId
    Exchange Online: the application (client) id whose RBAC for Applications grants to remove.

    .PARAMETER ServicePrincipalObjectId
    Exchange Online: the object id of the application's service principal.

    .PARAMETER DomainController
    On-premises: the domain controller every read and write goes to. Default: the
    one Exchange answers from, for the whole run.

    .PARAMETER Force
    Do not ask for confirmation (unless -Confirm is given explicitly).

    .PARAMETER RetryCount
    Tries in all for a step that meets a transient fault. Default 5.

    .PARAMETER RetryMaxSeconds
    Upper bound of the waits between the tries of one step. Default 60.

    .EXAMPLE
    PS> Remove-LightningSyncServiceAccount -Identity svc-sync@contoso.com -WhatIf

    Shows what would be removed.

    .EXAMPLE
    PS> Remove-LightningSyncServiceAccount -Identity svc-sync@contoso.com -Force

    Removes the assignment, the scope and the legacy AD rights, without asking; keeps the mailbox.

    .EXAMPLE
    PS> Remove-LightningSyncServiceAccount -Identity svc-sync@contoso.com -RemoveMailbox -Confirm

    Asks before each step, the mailbox's removal included.

    .INPUTS
    None.

    .OUTPUTS
    LightningSync.ServiceAccountResult
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    [OutputType('LightningSync.ServiceAccountResult')]
    param(
        [Parameter(Mandatory, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string] $Identity,

        [ValidateNotNullOrEmpty()]
        [string] $ScopeName,

        [ValidateNotNullOrEmpty()]
        [string] $AssignmentName,

        [switch] $RemoveMailbox,

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

    try {
        $prepared = Get-LightningSyncServiceAccountPlan -Caller $PSCmdlet -Removal
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
    Invoke-LightningSyncPlanApply -Plan $prepared.Plan -Caller $PSCmdlet -Identity $Identity -Target $prepared.Target -Policy $prepared.Policy -DomainController $prepared.DomainController -Operation 'Removal'
}
