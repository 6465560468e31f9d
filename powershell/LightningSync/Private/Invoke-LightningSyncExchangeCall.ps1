function Invoke-LightningSyncExchangeCall {
    <#
    .SYNOPSIS
    Runs one Exchange cmdlet by name with splatted parameters: -ErrorAction Stop
    always, -Confirm:$false when the cmdlet has -Confirm, -DomainController pinned
    when given and the cmdlet has it. Returns Output (materialised once the cmdlet
    has finished) and ErrorRecord (its error, or $null): an error is data here,
    never thrown, and never left in the caller's -ErrorVariable or $Error.

    .DESCRIPTION
    The name is checked against the cmdlets a plan may run and resolved here (so
    the session's Exchange cmdlets, and mocks of them, are the ones found); no text
    is ever evaluated as code. The cmdlet runs in a nested pipeline
    (LightningSync.Interop.QuietCommand): PowerShell records every error a command
    writes in $Error and in the -ErrorVariable of every command around it, even
    one the module catches and handles (a "not found" that means absent, a
    transient fault that is retried). The module writes its own
    LightningSync.<Reason> record for the errors the caller should see. The
    cmdlet's warnings and verbose messages are written here.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [string] $Name,
        [hashtable] $Parameters = @{},
        [string] $DomainController
    )

    Assert-LightningSyncPlanCmdlet -Name $Name
    $command = Get-Command -Name $Name -ErrorAction Ignore | Select-Object -First 1
    if ($null -eq $command) {
        $missing = New-LightningSyncErrorRecord -Message "The term '$Name' is not recognized as the name of a cmdlet in this session. Connect to Exchange (Exchange Management Shell or Connect-ExchangeOnline) with an account that holds the role for it." -ErrorId 'LightningSync.ExchangeCmdletMissing' -Category ObjectNotFound -TargetObject $Name
        return [pscustomobject]@{ Output = @(); ErrorRecord = $missing }
    }
    $known = $null
    try { $known = $command.Parameters } catch { $known = $null }

    $splat = @{}
    foreach ($key in @($Parameters.Keys)) { $splat[$key] = $Parameters[$key] }
    if ($DomainController -and -not $splat.ContainsKey('DomainController') -and $null -ne $known -and $known.ContainsKey('DomainController')) {
        $splat['DomainController'] = $DomainController
    }
    if ($null -ne $known -and $known.ContainsKey('Confirm')) { $splat['Confirm'] = $false }

    Write-Debug ("Calling {0} with parameters: {1}" -f $Name, (Format-LightningSyncSplatForLog -Splat $splat))
    # Materialised before the first object is handed on, so no caller starts a command while this one streams.
    $result = Invoke-LightningSyncNestedCommand -Command $command -Parameters $splat
    [pscustomobject]@{ Output = @($result.Output); ErrorRecord = $result.ErrorRecord }
}
