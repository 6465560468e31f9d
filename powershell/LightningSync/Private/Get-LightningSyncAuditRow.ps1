function Get-LightningSyncAuditRow {
    <#
    .SYNOPSIS
    The rows of one section of an audit (coverage, authorization, findings),
    skipping empty ones: nothing when the audit or the section is absent.
    #>
    [CmdletBinding()]
    param(
        [AllowNull()] [object] $Audit,
        [Parameter(Mandatory)] [string] $Section
    )

    if ($null -eq $Audit -or $null -eq $Audit.PSObject.Properties[$Section]) { return }
    foreach ($row in @($Audit.$Section)) {
        if ($null -ne $row) { $row }
    }
}
