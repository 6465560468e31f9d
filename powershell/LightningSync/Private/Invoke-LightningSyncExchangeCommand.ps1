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
