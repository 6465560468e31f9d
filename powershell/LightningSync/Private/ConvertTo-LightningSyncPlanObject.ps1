function ConvertTo-LightningSyncPlanObject {
    <#
    .SYNOPSIS
    Turns plan JSON into a LightningSync.Plan (PascalCase properties, typed
    LightningSync.PlanStep steps and LightningSync.Finding findings); the JSON
    stays available as $plan.ToJson() for Export-LightningSyncScript.
    #>
    [CmdletBinding()]
    [OutputType('LightningSync.Plan')]
    param([Parameter(Mandatory)] [string] $Json)

    [LightningSync.Interop.PlanReader]::Read($Json)
}
