function Complete-LightningSyncApplyResult {
    <#
    .SYNOPSIS
    Fills the apply result from a transaction that did not fail: the step
    results, Changed, WhatIf, the message, and Converged when every step ran.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [object] $Result,
        [Parameter(Mandatory)] [object] $Transaction
    )

    $total = @($Transaction.Steps).Count
    $done = @($Transaction.Steps | Where-Object { $_.Status -eq 'Succeeded' }).Count
    $Result.Steps = @($Transaction.Steps)
    $Result.Changed = $done -gt 0
    $Result.WhatIf = [bool]$Transaction.WhatIf
    if ($Transaction.WhatIf) {
        $Result.Message = 'What if: {0} step(s) would run; nothing was changed.' -f $total
    }
    elseif ($Transaction.Declined) {
        $Result.Message = '{0} of {1} step(s) applied; stopped at a declined step. Run the command again to continue.' -f $done, $total
    }
    else {
        $Result.Message = '{0} step(s) applied.' -f $done
        # Every step ran and its verify read showed the change: the organization now matches.
        $Result.Converged = $true
    }
}
