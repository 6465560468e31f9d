function ConvertTo-LightningSyncAuditFinding {
    <#
    .SYNOPSIS
    One LightningSync.Finding per finding of an audit (the shape plans carry):
    what Test-LightningSyncServiceAccount reports without -Coverage.
    #>
    [CmdletBinding()]
    [OutputType([LightningSync.Finding])]
    param([AllowNull()] [object] $Audit)

    foreach ($f in @(Get-LightningSyncAuditRow -Audit $Audit -Section 'findings')) {
        [LightningSync.Finding]::new([string]$f.severity, [string]$f.code, [string]$f.target, [string]$f.message, [string]$f.fix)
    }
}
