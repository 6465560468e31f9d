function Invoke-LightningSyncServiceAccountRun {
    <#
    .SYNOPSIS
    The part New- and Remove-LightningSyncServiceAccount share once the plan is
    made: say so when the organization already matches, else apply the plan all
    or nothing, verify RBAC for Applications in Exchange Online, and build the
    LightningSync.ServiceAccountResult. A failed run ends in the caller's one
    terminating error LightningSync.ApplyFailed (its TargetObject is the result).
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
    $steps = @($Plan.steps)
    $converged = ($steps.Count -eq 0)
    $findings = @()
    if ($null -ne $Plan.PSObject.Properties['findings']) { $findings = @($Plan.findings) }
    $activity = '{0} of the Exchange service account {1}' -f $Operation, $Identity

    $result = [pscustomobject]@{
        PSTypeName       = 'LightningSync.ServiceAccountResult'
        Identity         = $Identity
        Operation        = $Operation
        Target           = $Target
        ExchangeVersion  = $(if ($null -ne $Plan.PSObject.Properties['exchangeVersion']) { [string]$Plan.exchangeVersion } else { $null })
        ScopeName        = $(if ($null -ne $Plan.PSObject.Properties['scopeName']) { [string]$Plan.scopeName } else { $null })
        AssignmentName   = $(if ($null -ne $Plan.PSObject.Properties['assignmentName']) { [string]$Plan.assignmentName } else { $null })
        DomainController = $DomainController
        Converged        = $converged
        Changed          = $false
        WhatIf           = (Test-LightningSyncWhatIf -Caller $Caller)
        Message          = $null
        Steps            = @()
        Findings         = $findings
        Authorization    = @()
        Plan             = $Plan
        Duration         = [timespan]::Zero
    }
    Set-LightningSyncDefaultDisplay -InputObject $result -Property @('Identity', 'Operation', 'Target', 'ScopeName', 'AssignmentName', 'Converged', 'Changed', 'WhatIf', 'Message', 'Steps', 'Findings')

    foreach ($finding in $findings) {
        if ($finding.severity -in @('Critical', 'High')) {
            Write-Warning ("{0} ({1}): {2} {3}" -f $finding.code, $finding.severity, $finding.message, $finding.fix)
        }
    }

    if ($converged) {
        $result.Message = 'The organization already matches: nothing to change, no Exchange cmdlet that writes was called.'
        Write-Verbose $result.Message
        $result.Duration = $watch.Elapsed
        return $result
    }

    try {
        # Throws only before the first write (a step it cannot run, a secret not given).
        $run = Invoke-LightningSyncPlanRunner -Plan $Plan -Caller $Caller -Secrets $Secrets -Policy $Policy -DomainController $DomainController -Activity $activity
    }
    catch {
        $Caller.ThrowTerminatingError($_)
    }
    $result.Steps = @($run.Steps)
    $result.Duration = $watch.Elapsed
    if ($run.Failed) {
        $result.Message = 'Failed; see the error.'
        $Caller.ThrowTerminatingError((New-LightningSyncApplyErrorRecord -Run $run -StepCount $steps.Count -TargetObject $result -Operation ('The ' + $Operation.ToLowerInvariant())))
    }

    $done = @($run.Steps | Where-Object { $_.Status -eq 'Succeeded' }).Count
    $result.Changed = $done -gt 0
    $result.WhatIf = [bool]$run.WhatIf
    if ($run.WhatIf) {
        $result.Message = 'What if: {0} step(s) would run; nothing was changed.' -f $steps.Count
    }
    elseif ($run.Declined) {
        $result.Message = '{0} of {1} step(s) applied; stopped at a declined step. Run the command again to continue.' -f $done, $steps.Count
    }
    else {
        $result.Message = '{0} step(s) applied.' -f $done
        # Every step ran and its verify read showed the change: the organization now matches.
        $result.Converged = $true
    }

    if ($Target -eq 'ExchangeOnline' -and $result.Changed -and $ServicePrincipalIdentity) {
        $result.Authorization = @(Test-LightningSyncServicePrincipalGrant -Identity $ServicePrincipalIdentity)
        $result.Message += ' RBAC for Applications caches permissions for 30 minutes (idle app) to 2 hours (active app): Test-ServicePrincipalAuthorization already sees the grant, the application may only after that delay.'
        Write-Warning 'Exchange Online caches RBAC for Applications permissions for 30 minutes to 2 hours; the application may be refused until then, even though Test-ServicePrincipalAuthorization shows the grant.'
    }
    $result.Duration = $watch.Elapsed
    $result
}

function Test-LightningSyncServicePrincipalGrant {
    <#
    .SYNOPSIS
    Runs Test-ServicePrincipalAuthorization for the service principal when the
    session has it (it bypasses the permission cache); returns its rows, or
    nothing with a verbose note when it is missing or fails.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Identity)

    if (@(Get-Command -Name 'Test-ServicePrincipalAuthorization' -ErrorAction Ignore).Count -eq 0) {
        Write-Verbose 'Test-ServicePrincipalAuthorization is not available in this session; the grant was not tested.'
        return
    }
    $rows = @(Invoke-LightningSyncExchangeRead -Name 'Test-ServicePrincipalAuthorization' -Parameters @{ Identity = $Identity } -ErrorAsOutput)
    if ($rows.Count -eq 1 -and $rows[0] -is [System.Management.Automation.ErrorRecord]) {
        Write-Warning ("Test-ServicePrincipalAuthorization failed: {0}" -f $rows[0].Exception.Message)
        return
    }
    foreach ($row in $rows) { $row }
}
