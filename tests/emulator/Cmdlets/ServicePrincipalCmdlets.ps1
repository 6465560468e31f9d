# Get-, New-, Remove-ServicePrincipal and Test-ServicePrincipalAuthorization (Exchange Online only).
# Docs: docs/exchange.md#rbac-for-applications, docs/exchange.md#graph-verification.

function Resolve-EmuServicePrincipalRecord {
    param([hashtable]$Call, [string]$Identity)
    $hits = @(Find-EmuServicePrincipal $Identity)
    if ($hits.Count -eq 0 -or (Test-EmuWildcardText $Identity)) { Write-EmuError -Call $Call -Record (New-EmuNotFoundRecord -Call $Call -Identity $Identity); return $null }
    if ($hits.Count -gt 1) { Write-EmuError -Call $Call -Record (New-EmuAmbiguousRecord -Call $Call -Identity $Identity); return $null }
    return $hits[0]
}

function Get-ServicePrincipal {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [object]$Organization
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters }
    process {
        if ($call.Aborted) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $items = @($script:Org.ServicePrincipals)
        if ($id) {
            $items = @(Find-EmuServicePrincipal $id)
            if ($items.Count -eq 0 -and -not (Test-EmuWildcardText $id)) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        }
        $out = @(foreach ($sp in $items) { ConvertTo-EmuServicePrincipalObject $sp })
        Write-EmuOutput $out
    }
    end { Complete-EmuCall $call }
}

function New-ServicePrincipal {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true)][string]$AppId,
        [string]$ObjectId,
        [string]$ServiceId,
        [string]$DisplayName,
        [object]$Organization
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write }
    process {
        if ($call.Aborted) { return }
        $objectIdText = $ObjectId
        if (-not $objectIdText) { $objectIdText = $ServiceId }
        if (-not $objectIdText) {
            Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message 'The ObjectId parameter is required.' -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
            return
        }
        $entra = $null
        foreach ($app in $script:Org.EntraApps) {
            if ([string]::Equals($app.AppId, $AppId, [System.StringComparison]::OrdinalIgnoreCase)) { $entra = $app }
        }
        if ($null -eq $entra -or -not [string]::Equals($entra.ObjectId, $objectIdText, [System.StringComparison]::OrdinalIgnoreCase)) {
            # Exchange refuses pointers that don't name an existing Entra service principal (docs/exchange.md#rbac-for-applications): the object id
            # must be the enterprise application's, not the app registration's.
            $msg = 'Microsoft Entra ID has no service principal with AppId "{0}" and ObjectId "{1}". Use the Object ID of the enterprise application.' -f $AppId, $objectIdText
            Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message $msg -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
            return
        }
        $dn = (Get-EmuObjectDn -Name $entra.ObjectId -Container 'ServicePrincipals')
        foreach ($sp in $script:Org.ServicePrincipals) {
            if ([string]::Equals($sp.AppId, $AppId, [System.StringComparison]::OrdinalIgnoreCase) -or [string]::Equals($sp.ObjectId, $objectIdText, [System.StringComparison]::OrdinalIgnoreCase)) {
                Write-EmuError -Call $call -Record (New-EmuAlreadyExistsRecord -Call $call -DistinguishedName $dn)
                return
            }
        }
        if (-not $PSCmdlet.ShouldProcess($entra.ObjectId, 'Create service principal')) { return }
        $name = $DisplayName
        if (-not $name) { $name = $entra.DisplayName }
        $record = @{ DisplayName = $name; AppId = $entra.AppId; ObjectId = $entra.ObjectId; DistinguishedName = $dn; Guid = (New-EmuGuid) }
        $script:Org.ServicePrincipals.Add($record)
        Write-EmuOutput @(ConvertTo-EmuServicePrincipalObject $record)
    }
    end { Complete-EmuCall $call }
}

function Remove-ServicePrincipal {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [object]$Organization
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write }
    process {
        if ($call.Aborted) { return }
        $sp = Resolve-EmuServicePrincipalRecord -Call $call -Identity (ConvertTo-EmuIdentityText $Identity)
        if ($null -eq $sp) { return }
        if (-not $PSCmdlet.ShouldProcess($sp.ObjectId, 'Remove service principal')) { return }
        # The pointer's role assignments go with it; scopes stay (as when Entra deletes the service principal).
        foreach ($a in @($script:Org.Assignments)) {
            if ($a.RoleAssigneeType -eq 'ServicePrincipal' -and $a.RoleAssignee -eq $sp.ObjectId) { [void]$script:Org.Assignments.Remove($a) }
        }
        [void]$script:Org.ServicePrincipals.Remove($sp)
    }
    end { Complete-EmuCall $call }
}

function Get-EmuGrantedPermissions {
    param([string]$RoleName)
    switch ($RoleName) {
        'Application Mail Full Access' { return 'Mail.ReadWrite, Mail.Send' }
        'Application Exchange Full Access' { return 'Mail.ReadWrite, Mail.Send, MailboxSettings.ReadWrite, Calendars.ReadWrite, Contacts.ReadWrite' }
        'Application EWS.AccessAsApp' { return 'EWS.AccessAsApp' }
    }
    return $RoleName.Substring('Application '.Length)
}

function Test-ServicePrincipalAuthorization {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Low')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [object]$Resource
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters }
    process {
        if ($call.Aborted) { return }
        $sp = Resolve-EmuServicePrincipalRecord -Call $call -Identity (ConvertTo-EmuIdentityText $Identity)
        if ($null -eq $sp) { return }
        $target = $null
        if ($PSBoundParameters.ContainsKey('Resource') -and $null -ne $Resource) {
            $rid = ConvertTo-EmuIdentityText $Resource
            $hits = @(Find-EmuRecipient $rid | Where-Object { $_.RecipientType -eq 'UserMailbox' })
            if ($hits.Count -ne 1) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $rid); return }
            $target = $hits[0]
        }
        $rows = [System.Collections.Generic.List[object]]::new()
        foreach ($a in $script:Org.Assignments) {
            if ($a.RoleAssigneeType -ne 'ServicePrincipal' -or $a.RoleAssignee -ne $sp.ObjectId -or $a.Delegating -or -not $a.Enabled) { continue }
            $scopeType = 'Organization'
            $allowed = 'Organization'
            if ($a.CustomResourceScope) { $scopeType = 'CustomRecipientScope'; $allowed = $a.CustomResourceScope }
            elseif ($a.RecipientAdministrativeUnitScope) { $scopeType = 'AdministrativeUnit'; $allowed = $a.RecipientAdministrativeUnitScope }
            elseif ($a.RecipientGroupScope) { $scopeType = 'Group'; $allowed = $a.RecipientGroupScope }
            $inScope = 'Not Run'
            if ($null -ne $target) {
                $inScope = [string](Test-EmuAssignmentCoversRecipient -Assignment $a -Recipient $target)
                # Injected divergence (Set-EmulatorAuthorizationOverride): what the service reports for this mailbox.
                $override = Get-EmuAuthorizationOverride -Recipient $target -Role $a.Role
                if ($null -ne $override) { $inScope = [string]$override }
            }
            $p = [ordered]@{
                RoleName             = $a.Role
                GrantedPermissions   = (Get-EmuGrantedPermissions $a.Role)
                AllowedResourceScope = $allowed
                ScopeType            = $scopeType
                InScope              = $inScope
            }
            $rows.Add((New-EmuDeserializedObject -Kind Authorization -Properties $p -ToStringProperty RoleName -NotAdObject))
        }
        Write-EmuOutput $rows.ToArray()
    }
    end { Complete-EmuCall $call }
}
