function New-LightningSyncPlanStepResult {
    # The result record of one plan step, before it runs.
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory)] [object] $Step)

    $result = [pscustomobject]@{
        PSTypeName      = 'LightningSync.PlanStepResult'
        Index           = $Step.index
        Action          = [string]$Step.action
        Target          = [string]$Step.target
        Reason          = [string]$Step.reason
        Command         = [string]$Step.command
        Status          = 'NotRun'
        Attempts        = 0
        Duration        = [timespan]::Zero
        TransientFaults = @()
        Verified        = $null
        UndoStatus      = $null
        Error           = $null
    }
    Set-LightningSyncDefaultDisplay -InputObject $result -Property @('Index', 'Action', 'Target', 'Status', 'Attempts', 'Duration', 'UndoStatus')
    $result
}
