# Get-ExchangeServer, Get-MailboxDatabase (on-premises only), Get-OrganizationConfig,
# Enable-OrganizationCustomization (Exchange Online only). Docs: docs/exchange.md#exchange-servers-and-versions, docs/exchange.md#mailbox-databases, docs/exchange.md#errors-and-retries, docs/exchange.md#rbac-for-applications.

function Get-ExchangeServer {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [Parameter(ParameterSetName = 'Domain', Mandatory = $true)][object]$Domain,
        [object]$DomainController,
        [switch]$Status
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters }
    process {
        if ($call.Aborted) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $servers = @($script:Org.Servers)
        if ($id) {
            $servers = @(Find-EmuNamedRecord -Records $script:Org.Servers -Identity $id -ExtraKeys @('Fqdn'))
            if ($servers.Count -eq 0 -and -not (Test-EmuWildcardText $id)) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        }
        if ($Domain) { $servers = @($servers | Where-Object { $_.Fqdn.EndsWith('.' + [string]$Domain, [System.StringComparison]::OrdinalIgnoreCase) }) }
        $out = @(foreach ($s in $servers) { ConvertTo-EmuServerObject $s })
        Write-EmuOutput $out
    }
    end { Complete-EmuCall $call }
}

function Get-MailboxDatabase {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [Parameter(ParameterSetName = 'Server', Mandatory = $true)][object]$Server,
        [object]$DomainController,
        [switch]$Status,
        [switch]$IncludePreExchange2013,
        [switch]$IncludePreExchange2010,
        [switch]$DumpsterStatistics,
        [switch]$IncludeCorrupted
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters }
    process {
        if ($call.Aborted) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $dbs = @($script:Org.Databases)
        if ($id) {
            $dbs = @(Find-EmuNamedRecord -Records $script:Org.Databases -Identity $id)
            if ($dbs.Count -eq 0 -and -not (Test-EmuWildcardText $id)) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        } else {
            # On 2013 and later, 2010 databases are listed only with -IncludePreExchange2013 (docs/exchange.md#mailbox-databases).
            if ($script:Org.Version -ne '2010' -and -not $IncludePreExchange2013) { $dbs = @($dbs | Where-Object { $_.Version -ne '2010' }) }
        }
        if ($Server) {
            $sid = ConvertTo-EmuIdentityText $Server
            $srv = @(Find-EmuNamedRecord -Records $script:Org.Servers -Identity $sid -ExtraKeys @('Fqdn'))
            if ($srv.Count -eq 0) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $sid); return }
            $dbs = @($dbs | Where-Object { $_.Server -eq $srv[0].Name })
        }
        $out = @(foreach ($d in $dbs) { ConvertTo-EmuDatabaseObject $d })
        Write-EmuOutput $out
    }
    end { Complete-EmuCall $call }
}

function Get-OrganizationConfig {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][object]$Identity,
        [switch]$RetrieveEwsOperationAccessPolicy,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -OnlineOnly @('RetrieveEwsOperationAccessPolicy') }
    process {
        if ($call.Aborted) { return }
        Write-EmuOutput @(ConvertTo-EmuOrganizationConfigObject -RetrieveEwsOperationAccessPolicy:$RetrieveEwsOperationAccessPolicy)
    }
    end { Complete-EmuCall $call }
}

function Enable-OrganizationCustomization {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param()
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write }
    process {
        if ($call.Aborted) { return }
        if ($PSCmdlet.ShouldProcess($script:Org.OrganizationName, 'Enable organization customization')) {
            $script:Org.Dehydrated = $false
        }
    }
    end { Complete-EmuCall $call }
}
