function Invoke-LightningSyncExchangeCommand {
    <#
    .SYNOPSIS
    Runs one Exchange cmdlet (Invoke-LightningSyncExchangeCall) and returns its
    output; its error is thrown.
    #>
    [CmdletBinding()]
    [OutputType([object])]
    param(
        [Parameter(Mandatory)] [string] $Name,
        [hashtable] $Parameters = @{},
        [string] $DomainController
    )

    $call = Invoke-LightningSyncExchangeCall -Name $Name -Parameters $Parameters -DomainController $DomainController
    if ($null -ne $call.ErrorRecord) { throw $call.ErrorRecord }
    $call.Output
}
