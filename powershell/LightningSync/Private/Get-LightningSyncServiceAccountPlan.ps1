function Get-LightningSyncServiceAccountPlan {
    <#
    .SYNOPSIS
    The start New- and Remove-LightningSyncServiceAccount share, from the
    caller's parameters to the plan: the retry policy, the target, the
    recipient filter, the domain controller the run is pinned to, the desired
    state, the organization read and the plan. Returns Plan, Target,
    DomainController and Policy; throws what fails (the caller makes it its
    terminating error).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Caller,
        [switch] $Removal
    )

    $bound = $Caller.MyInvocation.BoundParameters
    $identity = [string]$bound['Identity']
    $policy = Get-LightningSyncRetryPolicy -RetryCount $bound['RetryCount'] -RetryMaxSeconds $bound['RetryMaxSeconds']
    $target = Invoke-LightningSyncQuietly -Caller $Caller -Name 'Resolve-LightningSyncExchangeTarget' -Parameters @{ Target = $bound['Target'] }
    $filter = Invoke-LightningSyncQuietly -Caller $Caller -Name 'Get-LightningSyncRequestedFilter' -Parameters @{ BoundParameters = $bound; Target = $target; Account = $identity }
    $dc = Resolve-LightningSyncDomainController -Target $target -DomainController $bound['DomainController']
    $desired = New-LightningSyncDesiredState -BoundParameters $bound -Target $target -RecipientFilter $filter -DomainController $dc
    Write-Verbose ("Reading the organization ({0}) for {1}." -f $target, $identity)
    # Run quietly: a failure ends the public cmdlet once, as its own record.
    $state = Invoke-LightningSyncQuietly -Caller $Caller -Name 'Get-LightningSyncOrgState' -Parameters @{ Account = $identity; DomainController = $dc; RecipientGroupScope = $bound['RecipientGroupScope']; Policy = $policy }
    $plan = Invoke-LightningSyncQuietly -Caller $Caller -Name 'Invoke-LightningSyncPlanner' -Parameters @{ OrgState = $state; Desired = $desired; Removal = [bool]$Removal; RemoveMailbox = [bool]$bound['RemoveMailbox']; CommandName = $Caller.MyInvocation.MyCommand.Name }
    [pscustomobject]@{ Plan = $plan; Target = $target; DomainController = $dc; Policy = $policy }
}
