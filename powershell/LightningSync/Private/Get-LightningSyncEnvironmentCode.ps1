function Get-LightningSyncEnvironmentCode {
    <#
    .SYNOPSIS
    Maps an environment name to the number the C ABI takes (0 OnPremises, 1 ExchangeOnline).
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param(
        [Parameter(Mandatory)]
        [ValidateSet('OnPremises', 'ExchangeOnline')]
        [string] $Environment
    )

    if ($Environment -eq 'ExchangeOnline') { return 1 }
    0
}
