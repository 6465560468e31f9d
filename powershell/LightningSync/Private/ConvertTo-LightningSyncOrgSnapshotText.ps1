function ConvertTo-LightningSyncOrgSnapshotText {
    <#
    .SYNOPSIS
    The CLIXML text of an org snapshot: a string is taken as CLIXML already; an object is serialized
    with PSSerializer (depth 4); $null gives '' (offline planning).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([AllowNull()] [object] $OrgState)

    if ($null -eq $OrgState) { return '' }
    if ($OrgState -is [string]) { return $OrgState }
    [System.Management.Automation.PSSerializer]::Serialize($OrgState, 4)
}
