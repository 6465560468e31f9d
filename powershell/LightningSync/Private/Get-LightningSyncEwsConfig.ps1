function Get-LightningSyncEwsConfig {
    <#
    .SYNOPSIS
    The organization's EWS switches from a Get-OrganizationConfig object, as snapshot properties
    (only the ones the object has: an absent property stays absent, so the audit knows it was not read).
    Online, the object comes from Get-OrganizationConfig -RetrieveEwsOperationAccessPolicy.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param([AllowNull()] [object] $Organization)

    $out = @{}
    if ($null -eq $Organization) { return $out }
    foreach ($name in @('EwsEnabled', 'EwsApplicationAccessPolicy', 'EwsAllowedClients', 'EwsBlockedClients', 'EwsAllowedAppIDs')) {
        $p = $Organization.PSObject.Properties[$name]
        if ($null -eq $p) { continue }
        $value = $p.Value
        if ($name -like '*Clients' -or $name -eq 'EwsAllowedAppIDs') { $value = [string[]]@(foreach ($v in @($value)) { if ($null -ne $v -and [string]$v -ne '') { [string]$v } }) }
        elseif ($null -ne $value) { $value = [string]$value }
        $out[$name] = $value
    }
    $out
}
