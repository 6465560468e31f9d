function Invoke-LightningSyncExchangeCommand {
    <#
    .SYNOPSIS
    Runs one Exchange cmdlet by name with splatted parameters: -ErrorAction Stop
    always, -Confirm:$false when the cmdlet has -Confirm, -DomainController pinned
    when given and the cmdlet has it. Returns the output once the cmdlet has finished.

    .DESCRIPTION
    The name is checked against the cmdlets a plan may run and invoked with the
    call operator: no text is ever evaluated as code. Every collection is
    materialised before it is returned (remote Exchange refuses a second command
    while a pipeline is still streaming).
    #>
    [CmdletBinding()]
    [OutputType([object])]
    param(
        [Parameter(Mandatory)] [string] $Name,
        [hashtable] $Parameters = @{},
        [string] $DomainController
    )

    Assert-LightningSyncPlanCmdlet -Name $Name
    $command = Get-Command -Name $Name -ErrorAction Ignore | Select-Object -First 1
    if ($null -eq $command) {
        throw (New-LightningSyncErrorRecord -Message "The term '$Name' is not recognized as the name of a cmdlet in this session. Connect to Exchange (Exchange Management Shell or Connect-ExchangeOnline) with an account that holds the role for it." -ErrorId 'LightningSync.ExchangeCmdletMissing' -Category ObjectNotFound -TargetObject $Name)
    }
    $known = $null
    try { $known = $command.Parameters } catch { $known = $null }

    $splat = @{}
    foreach ($key in @($Parameters.Keys)) { $splat[$key] = $Parameters[$key] }
    if ($DomainController -and -not $splat.ContainsKey('DomainController') -and $null -ne $known -and $known.ContainsKey('DomainController')) {
        $splat['DomainController'] = $DomainController
    }
    if ($null -ne $known -and $known.ContainsKey('Confirm')) { $splat['Confirm'] = $false }
    $splat['ErrorAction'] = 'Stop'

    Write-Debug ("Calling {0} with parameters: {1}" -f $Name, (Format-LightningSyncSplatForLog -Splat $splat))
    # Materialised before the first object is handed on, so no caller starts a command while this one streams.
    $output = @(& $Name @splat)
    $output
}
