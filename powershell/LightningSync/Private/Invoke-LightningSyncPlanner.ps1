function Invoke-LightningSyncPlanner {
    <#
    .SYNOPSIS
    Runs the native planner: org state (a LightningSync.OrgSnapshot object, its CLIXML text, or $null
    for offline planning) and desired state (hashtable, see the plan contract) to a LightningSync.Plan.

    .DESCRIPTION
    The plan object carries the fields of the contract as PascalCase properties (Kind, Target,
    Converged, ScopeName, AssignmentName, AssignmentNames, ExchangeVersion, Principal, Steps,
    Findings); ToJson() returns the plan JSON itself. Planner failures (statuses 300-305) are terminating errors with LightningSync.* ids.

    .PARAMETER OrgState
    The snapshot from Get-LightningSyncOrgState, the CLIXML text of one, or $null (offline; the desired
    state then needs exchangeVersion).

    .PARAMETER Desired
    The desired state: account, filter, scopeName, assignmentName, target, createMailbox,
    skipLegacyAdPermission, exclusiveScope, onExistingScope, appId, servicePrincipalObjectId,
    domainController, exchangeVersion, removeUnscopedGrants. Never secrets.

    .PARAMETER Removal
    Plan the removal instead of the setup.

    .PARAMETER RemoveMailbox
    With -Removal: also remove the service mailbox.

    .PARAMETER CommandName
    The public cmdlet in use: messages name its parameters (ConvertTo-LightningSyncCmdletText).
    #>
    [CmdletBinding()]
    [OutputType('LightningSync.Plan')]
    param(
        [Parameter(Mandatory)]
        [AllowNull()]
        [object] $OrgState,

        [Parameter(Mandatory)]
        [hashtable] $Desired,

        [switch] $Removal,

        [switch] $RemoveMailbox,

        [string] $CommandName
    )

    $copy = @{}
    foreach ($key in @($Desired.Keys)) { $copy[[string]$key] = $Desired[$key] }
    if ($RemoveMailbox) { $copy['removeMailbox'] = $true }
    $json = ConvertTo-Json -InputObject $copy -Depth 4 -Compress
    $snapshot = ConvertTo-LightningSyncOrgSnapshotText -OrgState $OrgState
    # The refusal comes back as data: a caught exception would stay in the caller's -ErrorVariable and $Error.
    $outcome = [LightningSync.Interop.PlanOutcome]::Run([bool]$Removal, $snapshot, $json)
    $text = $outcome.Text
    if ($null -ne $outcome.Exception) {
        # Worded for the cmdlet in use in the exception itself, which scripts log.
        $failure = $outcome.Exception
        $worded = ConvertTo-LightningSyncCmdletText -Text $failure.Message -CommandName $CommandName
        if ($worded -ne $failure.Message) { $failure = [LightningSync.Interop.NativeException]::new($failure.Function, $failure.Status, $worded, $failure.Position) }
        $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $failure -TargetObject $copy['account']))
    }
    # Findings name the parameters of the cmdlet in use; the phrases replaced hold no JSON escapes.
    $text = ConvertTo-LightningSyncCmdletText -Text $text -CommandName $CommandName
    ConvertTo-LightningSyncPlanObject -Json $text
}
