function New-LightningSyncApplyResult {
    <#
    .SYNOPSIS
    The LightningSync.ServiceAccountResult an apply returns, before it runs:
    the plan's names and findings, Converged when the plan has no step, no
    step results yet.
    #>
    [CmdletBinding()]
    [OutputType('LightningSync.ServiceAccountResult')]
    param(
        [Parameter(Mandatory)] [object] $Plan,
        [Parameter(Mandatory)] [string] $Identity,
        [Parameter(Mandatory)] [string] $Target,
        [string] $Operation = 'Setup',
        [string] $DomainController,
        [bool] $WhatIf
    )

    $findings = @()
    if ($null -ne $Plan.PSObject.Properties['findings']) { $findings = @($Plan.findings) }
    $result = [pscustomobject]@{
        PSTypeName       = 'LightningSync.ServiceAccountResult'
        Identity         = $Identity
        Operation        = $Operation
        Target           = $Target
        ExchangeVersion  = $(if ($null -ne $Plan.PSObject.Properties['exchangeVersion']) { [string]$Plan.exchangeVersion } else { $null })
        ScopeName        = $(if ($null -ne $Plan.PSObject.Properties['scopeName']) { [string]$Plan.scopeName } else { $null })
        AssignmentName   = $(if ($null -ne $Plan.PSObject.Properties['assignmentName']) { [string]$Plan.assignmentName } else { $null })
        DomainController = $DomainController
        Converged        = (@($Plan.steps).Count -eq 0)
        Changed          = $false
        WhatIf           = $WhatIf
        Message          = $null
        Steps            = @()
        Findings         = $findings
        Authorization    = @()
        Plan             = $Plan
        Duration         = [timespan]::Zero
    }
    Set-LightningSyncDefaultDisplay -InputObject $result -Property @('Identity', 'Operation', 'Target', 'ScopeName', 'AssignmentName', 'Converged', 'Changed', 'WhatIf', 'Message', 'Steps', 'Findings')
    $result
}
