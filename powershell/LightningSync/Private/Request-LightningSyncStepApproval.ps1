function Request-LightningSyncStepApproval {
    <#
    .SYNOPSIS
    Asks the caller's ShouldProcess for one plan step: Approved, WhatIf (the
    caller runs with -WhatIf) or Declined (No at a -Confirm prompt).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Caller,
        [Parameter(Mandatory)] [object] $Step,
        [Parameter(Mandatory)] [int] $Number,
        [Parameter(Mandatory)] [int] $Total
    )

    $description = "Step {0} of {1}, {2} on target '{3}': {4}" -f $Number, $Total, $Step.action, $Step.target, $Step.command
    $question = "Run step {0} of {1}, {2} on '{3}'?{4}{5}" -f $Number, $Total, $Step.action, $Step.target, [Environment]::NewLine, $Step.command
    $reason = [System.Management.Automation.ShouldProcessReason]::None
    if ($Caller.ShouldProcess($description, $question, 'Confirm', [ref]$reason)) { return 'Approved' }
    if ($reason -eq [System.Management.Automation.ShouldProcessReason]::WhatIf) { return 'WhatIf' }
    'Declined'
}
