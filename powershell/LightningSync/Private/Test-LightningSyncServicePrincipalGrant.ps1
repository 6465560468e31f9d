function Test-LightningSyncServicePrincipalGrant {
    <#
    .SYNOPSIS
    Runs Test-ServicePrincipalAuthorization for the service principal when the
    session has it (it bypasses the permission cache); returns its rows, or
    nothing with a verbose note when it is missing or fails.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Identity)

    if (@(Get-Command -Name 'Test-ServicePrincipalAuthorization' -ErrorAction Ignore).Count -eq 0) {
        Write-Verbose 'Test-ServicePrincipalAuthorization is not available in this session; the grant was not tested.'
        return
    }
    $rows = @(Invoke-LightningSyncExchangeRead -Name 'Test-ServicePrincipalAuthorization' -Parameters @{ Identity = $Identity } -ErrorAsOutput)
    if ($rows.Count -eq 1 -and $rows[0] -is [System.Management.Automation.ErrorRecord]) {
        Write-Warning ("Test-ServicePrincipalAuthorization failed: {0}" -f $rows[0].Exception.Message)
        return
    }
    foreach ($row in $rows) { $row }
}
