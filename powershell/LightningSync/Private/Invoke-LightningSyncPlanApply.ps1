function Invoke-LightningSyncPlanApply {
    <#
    .SYNOPSIS
    Applies a plan for New- and Remove-LightningSyncServiceAccount and returns
    what the apply did, a LightningSync.ServiceAccountResult
    (New-LightningSyncApplyResult).

    .DESCRIPTION
    Warns about the plan's critical and high findings; says so when the
    organization already matches; else runs the plan as one transaction
    (Invoke-LightningSyncPlanTransaction: all or nothing) and, in Exchange
    Online, tests the RBAC for Applications grant. A failed transaction ends in
    the caller's one terminating error LightningSync.ApplyFailed (its
    TargetObject is the result).
    #>
    [CmdletBinding()]
    [OutputType('LightningSync.ServiceAccountResult')]
    param(
        [Parameter(Mandatory)] [object] $Plan,
        [Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Caller,
        [Parameter(Mandatory)] [string] $Identity,
        [Parameter(Mandatory)] [string] $Target,
        [hashtable] $Secrets = @{},
        [hashtable] $Policy = (Get-LightningSyncRetryPolicy),
        [string] $DomainController,
        [string] $Operation = 'Setup',
        [string] $ServicePrincipalIdentity
    )

    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $result = New-LightningSyncApplyResult -Plan $Plan -Identity $Identity -Target $Target -Operation $Operation -DomainController $DomainController -WhatIf (Test-LightningSyncWhatIf -Caller $Caller)
    foreach ($finding in $result.Findings) {
        if ($finding.severity -in @('Critical', 'High')) {
            Write-Warning ("{0} ({1}): {2} {3}" -f $finding.code, $finding.severity, $finding.message, $finding.fix)
        }
    }
    if ($result.Converged) {
        $result.Message = 'The organization already matches: nothing to change, no Exchange cmdlet that writes was called.'
        Write-Verbose $result.Message
        $result.Duration = $watch.Elapsed
        return $result
    }

    $activity = '{0} of the Exchange service account {1}' -f $Operation, $Identity
    try {
        # Throws only before the first write (a step it cannot run, a secret not given).
        $transaction = Invoke-LightningSyncPlanTransaction -Plan $Plan -Caller $Caller -Secrets $Secrets -Policy $Policy -DomainController $DomainController -Activity $activity
    }
    catch {
        $Caller.ThrowTerminatingError($_)
    }
    if ($transaction.Failed) {
        $result.Steps = @($transaction.Steps)
        $result.Duration = $watch.Elapsed
        $result.Message = 'Failed; see the error.'
        $Caller.ThrowTerminatingError((New-LightningSyncApplyErrorRecord -Run $transaction -StepCount @($Plan.steps).Count -TargetObject $result -Operation ('The ' + $Operation.ToLowerInvariant())))
    }
    Complete-LightningSyncApplyResult -Result $result -Transaction $transaction

    if ($Target -eq 'ExchangeOnline' -and $result.Changed -and $ServicePrincipalIdentity) {
        $result.Authorization = @(Test-LightningSyncServicePrincipalGrant -Identity $ServicePrincipalIdentity)
        $result.Message += ' RBAC for Applications caches permissions for 30 minutes (idle app) to 2 hours (active app): Test-ServicePrincipalAuthorization already sees the grant, the application may only after that delay.'
        Write-Warning 'Exchange Online caches RBAC for Applications permissions for 30 minutes to 2 hours; the application may be refused until then, even though Test-ServicePrincipalAuthorization shows the grant.'
    }
    $result.Duration = $watch.Elapsed
    $result
}
