# The Exchange cmdlets a plan may run. A plan step naming any other command is refused.
$script:LightningSyncPlanCmdlets = @(
    'Get-User', 'Get-Mailbox', 'Get-Recipient', 'New-Mailbox', 'Remove-Mailbox',
    'Get-ManagementScope', 'New-ManagementScope', 'Set-ManagementScope', 'Remove-ManagementScope',
    'Get-ManagementRoleAssignment', 'New-ManagementRoleAssignment', 'Set-ManagementRoleAssignment', 'Remove-ManagementRoleAssignment',
    'Get-ADPermission', 'Add-ADPermission', 'Remove-ADPermission',
    'Get-ServicePrincipal', 'New-ServicePrincipal', 'Set-ServicePrincipal', 'Remove-ServicePrincipal',
    'Get-OrganizationConfig', 'Enable-OrganizationCustomization', 'Test-ServicePrincipalAuthorization',
    'Get-ExchangeServer', 'Get-MailboxDatabase', 'Enable-Mailbox', 'Disable-Mailbox',
    'Get-CASMailbox', 'Get-DistributionGroup', 'Get-DistributionGroupMember'
)

function Assert-LightningSyncPlanCmdlet {
    <#
    .SYNOPSIS
    Throws LightningSync.PlanInvalid unless the name is one of the Exchange cmdlets a plan may run.
    #>
    [CmdletBinding()]
    param([AllowEmptyString()] [string] $Name)

    foreach ($allowed in $script:LightningSyncPlanCmdlets) {
        if ([string]::Equals($allowed, $Name, [System.StringComparison]::OrdinalIgnoreCase)) { return }
    }
    throw (New-LightningSyncErrorRecord -Message "The plan names the command '$Name', which is not an Exchange cmdlet this module runs." -ErrorId 'LightningSync.PlanInvalid' -Category InvalidData -TargetObject $Name)
}

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
    $result = [LightningSync.Interop.QuietCommand]::Invoke($command, $splat, $global:Error)
    foreach ($text in $result.Verbose) { Write-Verbose $text }
    foreach ($text in $result.Warnings) { Write-Warning $text }
    [pscustomobject]@{ Output = @($result.Output); ErrorRecord = $result.ErrorRecord }
}

function Format-LightningSyncSplatForLog {
    <#
    .SYNOPSIS
    A one-line description of a splat for the debug stream: parameter names with
    their values, SecureStrings and credentials shown as <secret>.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([hashtable] $Splat)

    $parts = foreach ($key in @($Splat.Keys | Sort-Object)) {
        $value = $Splat[$key]
        if ($value -is [System.Security.SecureString] -or $value -is [System.Management.Automation.PSCredential]) { $shown = '<secret>' }
        elseif ($null -eq $value) { $shown = '$null' }
        elseif ($value -is [array]) { $shown = '[' + (@($value | ForEach-Object { [string]$_ }) -join ', ') + ']' }
        else { $shown = [string]$value }
        '-{0} {1}' -f $key, $shown
    }
    @($parts) -join ' '
}
