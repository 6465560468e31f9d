function Resolve-LightningSyncDomainController {
    <#
    .SYNOPSIS
    The domain controller every read and write of a run is pinned to on-premises:
    the one given, else the one Exchange answered from (OriginatingServer of
    Get-OrganizationConfig), else none. Always none in Exchange Online, which has
    no -DomainController.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $Target,
        [AllowEmptyString()] [AllowNull()] [string] $DomainController
    )

    if ($Target -eq 'ExchangeOnline') {
        if ($DomainController) { Write-Warning 'Exchange Online has no -DomainController; the value given is ignored.' }
        return $null
    }
    if ($DomainController) { return $DomainController }
    $config = $null
    $config = @(Invoke-LightningSyncExchangeRead -Name 'Get-OrganizationConfig' -ErrorAsOutput) | Select-Object -First 1
    if ($config -is [System.Management.Automation.ErrorRecord]) {
        Write-Verbose ("Get-OrganizationConfig failed, so no domain controller is pinned: {0}" -f $config.Exception.Message)
        $config = $null
    }
    if ($null -ne $config -and $null -ne $config.PSObject.Properties['OriginatingServer'] -and $config.OriginatingServer) {
        Write-Verbose ("All reads and writes go to domain controller {0}." -f $config.OriginatingServer)
        return [string]$config.OriginatingServer
    }
    $null
}
