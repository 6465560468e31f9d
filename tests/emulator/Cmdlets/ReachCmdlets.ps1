# Get-/Set-CASMailbox, Set-OrganizationConfig (EWS switches), Get-DistributionGroup, Get-DistributionGroupMember.
# Docs: docs/exchange.md#ews-access-controls (EWS access controls, EwsAllowedAppIDs), docs/exchange.md#rbac-for-applications (group scopes: direct members).

$script:TypeChains['CASMailbox'] = @('Microsoft.Exchange.Data.Directory.Management.CASMailbox', 'Microsoft.Exchange.Data.Directory.Management.ADPresentationObject')
$script:TypeChains['DistributionGroup'] = @('Microsoft.Exchange.Data.Directory.Management.DistributionGroup', 'Microsoft.Exchange.Data.Directory.Management.MailEnabledRecipient', 'Microsoft.Exchange.Data.Directory.Management.ADPresentationObject')

function Get-EmuEwsConfig {
    # The organization's EWS switches (EwsEnabled unset, no policy, no lists until a Set-OrganizationConfig; only a
    # write stores them, so reads leave Get-EmulatorState unchanged).
    param([switch]$ForWrite)
    if ($script:Org.ContainsKey('Ews') -and $null -ne $script:Org.Ews) { return $script:Org.Ews }
    $ews = @{ EwsEnabled = $null; EwsApplicationAccessPolicy = $null; EwsAllowedClients = @(); EwsBlockedClients = @(); EwsAllowedAppIDs = $null }
    if ($ForWrite) { $script:Org.Ews = $ews }
    return $ews
}

function Get-EmuCasSettings {
    # A mailbox's EWS settings, keyed by DN (created on first use: everything unset).
    param([hashtable]$Recipient, [switch]$ForWrite)
    $key = $Recipient.DistinguishedName.ToLowerInvariant()
    if ($script:Org.ContainsKey('CasSettings') -and $null -ne $script:Org.CasSettings -and $script:Org.CasSettings.ContainsKey($key)) { return $script:Org.CasSettings[$key] }
    $settings = @{ EwsEnabled = $null; EwsApplicationAccessPolicy = $null; EwsAllowList = @(); EwsBlockList = @() }
    if ($ForWrite) {
        if (-not $script:Org.ContainsKey('CasSettings') -or $null -eq $script:Org.CasSettings) { $script:Org.CasSettings = @{} }
        $script:Org.CasSettings[$key] = $settings
    }
    return $settings
}

function ConvertTo-EmuCasMailboxObject {
    param([hashtable]$Recipient)
    $c = Get-EmuCasSettings $Recipient
    $p = [ordered]@{
        Name                       = $Recipient.Name
        PrimarySmtpAddress         = $Recipient.PrimarySmtpAddress
        EwsEnabled                 = $c.EwsEnabled
        EwsApplicationAccessPolicy = $c.EwsApplicationAccessPolicy
        EwsAllowList               = (New-EmuList $c.EwsAllowList)
        EwsBlockList               = (New-EmuList $c.EwsBlockList)
    }
    Add-EmuRecipientCommonProperties -Properties $p -Recipient $Recipient
    return (New-EmuDeserializedObject -Kind CASMailbox -Properties $p)
}

function Get-CASMailbox {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [object]$ResultSize,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters }
    process {
        if ($call.Aborted) { return }
        $records = Select-EmuRecipient -Call $call -Kind Mailbox -Identity $Identity -ResultSize $ResultSize
        if ($null -eq $records) { return }
        Write-EmuOutput @(foreach ($r in $records) { ConvertTo-EmuCasMailboxObject $r })
    }
    end { Complete-EmuCall $call }
}

function Set-CASMailbox {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [object]$EwsEnabled,
        [object]$EwsApplicationAccessPolicy,
        [object]$EwsAllowList,
        [object]$EwsBlockList,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write }
    process {
        if ($call.Aborted) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $hits = @(Find-EmuRecipient $id | Where-Object { $_.RecipientType -eq 'UserMailbox' })
        if ($hits.Count -ne 1) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        if (-not $PSCmdlet.ShouldProcess($id, 'Set CAS mailbox')) { return }
        $c = Get-EmuCasSettings $hits[0] -ForWrite
        if ($PSBoundParameters.ContainsKey('EwsEnabled')) { if ($null -eq $EwsEnabled) { $c.EwsEnabled = $null } else { $c.EwsEnabled = [bool]$EwsEnabled } }
        if ($PSBoundParameters.ContainsKey('EwsApplicationAccessPolicy')) { $c.EwsApplicationAccessPolicy = $EwsApplicationAccessPolicy }
        if ($PSBoundParameters.ContainsKey('EwsAllowList')) { $c.EwsAllowList = @($EwsAllowList) }
        if ($PSBoundParameters.ContainsKey('EwsBlockList')) { $c.EwsBlockList = @($EwsBlockList) }
    }
    end { Complete-EmuCall $call }
}

function Set-OrganizationConfig {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [object]$EwsEnabled,
        [object]$EwsApplicationAccessPolicy,
        [object]$EwsAllowedClients,
        [object]$EwsBlockedClients,
        [object]$EwsAllowedAppIDs,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write -OnlineOnly @('EwsAllowedAppIDs') }
    process {
        if ($call.Aborted) { return }
        if (-not $PSCmdlet.ShouldProcess($script:Org.OrganizationName, 'Set organization configuration')) { return }
        $c = Get-EmuEwsConfig -ForWrite
        if ($PSBoundParameters.ContainsKey('EwsEnabled')) { if ($null -eq $EwsEnabled) { $c.EwsEnabled = $null } else { $c.EwsEnabled = [bool]$EwsEnabled } }
        if ($PSBoundParameters.ContainsKey('EwsApplicationAccessPolicy')) { $c.EwsApplicationAccessPolicy = $EwsApplicationAccessPolicy }
        if ($PSBoundParameters.ContainsKey('EwsAllowedClients')) { $c.EwsAllowedClients = @($EwsAllowedClients) }
        if ($PSBoundParameters.ContainsKey('EwsBlockedClients')) { $c.EwsBlockedClients = @($EwsBlockedClients) }
        # One comma-separated string; $null removes the restriction (docs/exchange.md#ews-access-controls, docs/exchange.md#exchange-online-timeline).
        if ($PSBoundParameters.ContainsKey('EwsAllowedAppIDs')) { $c.EwsAllowedAppIDs = $EwsAllowedAppIDs }
    }
    end { Complete-EmuCall $call }
}

function Get-EmuGroupRecords {
    param([string]$Identity)
    return @(Find-EmuRecipient $Identity | Where-Object { [string]$_.RecipientType -like '*Group' })
}

function Get-DistributionGroup {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [object]$ResultSize,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters }
    process {
        if ($call.Aborted) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $groups = @($script:Org.Recipients | Where-Object { [string]$_.RecipientType -like '*Group' })
        if ($id) {
            $groups = @(Get-EmuGroupRecords $id)
            if ($groups.Count -eq 0) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        }
        Write-EmuOutput @(foreach ($g in $groups) { ConvertTo-EmuRecipientObject $g })
    }
    end { Complete-EmuCall $call }
}

function Get-DistributionGroupMember {
    # Direct members only: recipients whose MemberOfGroup holds the group's DN.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [object]$ResultSize,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters }
    process {
        if ($call.Aborted) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $groups = @(Get-EmuGroupRecords $id)
        if ($groups.Count -ne 1) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        $dn = $groups[0].DistinguishedName
        $members = @($script:Org.Recipients | Where-Object { @($_.MemberOfGroup) -contains $dn })
        Write-EmuOutput @(foreach ($m in $members) { ConvertTo-EmuRecipientObject $m })
    }
    end { Complete-EmuCall $call }
}
