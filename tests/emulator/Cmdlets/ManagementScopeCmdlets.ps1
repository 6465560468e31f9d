# Get-, New-, Set-, Remove-ManagementScope. Docs: docs/exchange.md#management-scopes, docs/exchange.md#errors-and-retries, docs/opath.md#canonical-form, docs/opath.md#scope-filters-and-recipient-filters.

function ConvertFrom-EmuScopeFilter {
    <#
    Parses -RecipientRestrictionFilter as New/Set-ManagementScope do. Returns the normalized text, or $null after
    writing Exchange's error (invalid filter, or FilterCannotBeEmpty).
    #>
    param([hashtable]$Call, [string]$Filter)
    try {
        $tree = ConvertFrom-EmuOpath -Filter $Filter -Properties $script:OpathProperties -Online:$script:Org.IsOnline -ResolveCanonicalName ${function:Resolve-EmuCanonicalNameToDn}
    } catch {
        $msg = '{0}, parameter RecipientRestrictionFilter must have valid format and refer to valid Recipient properties.' -f $_.Exception.Message
        Write-EmuError -Call $Call -Record (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
        return $null
    }
    if ($null -eq $tree) {
        Write-EmuError -Call $Call -Record (New-EmuExchangeErrorRecord -Call $Call -Message 'The recipient restriction filter can''t be empty.' -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
        return $null
    }
    return (Format-EmuOpath $tree)
}

function Find-EmuSimilarScope {
    # Another scope of the same type with the same normalized filter and root (docs/exchange.md#management-scopes, SimilarScopeFound).
    param([hashtable]$Candidate, [hashtable]$Except)
    foreach ($s in $script:Org.Scopes) {
        if ($null -ne $Except -and [object]::ReferenceEquals($s, $Except)) { continue }
        if ($s.ScopeRestrictionType -ne $Candidate.ScopeRestrictionType) { continue }
        if (-not [string]::Equals([string]$s.RecipientRootDn, [string]$Candidate.RecipientRootDn, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
        $same = $false
        switch ($Candidate.ScopeRestrictionType) {
            'RecipientScope' { $same = [string]::Equals($s.RecipientFilter, $Candidate.RecipientFilter, [System.StringComparison]::OrdinalIgnoreCase) }
            'ServerScope' { $same = ([string]$s.ServerFilter -eq [string]$Candidate.ServerFilter) -and ((@($s.ServerList) -join ',') -eq (@($Candidate.ServerList) -join ',')) }
            'DatabaseScope' { $same = ([string]$s.DatabaseFilter -eq [string]$Candidate.DatabaseFilter) -and ((@($s.DatabaseList) -join ',') -eq (@($Candidate.DatabaseList) -join ',')) }
        }
        if ($same) { return $s }
    }
    return $null
}

function New-EmuSimilarScopeRecord {
    param([hashtable]$Call, [string]$ExistingName)
    $msg = 'A management scope with the same settings already exists: "{0}". Use the existing scope, or change the filter or root of the new one.' -f $ExistingName
    return (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'ArgumentException' -Category 'InvalidArgument')
}

function Get-EmuScopeUsers {
    # Names of the role assignments that reference a scope.
    param([string]$ScopeName)
    $names = @()
    foreach ($a in $script:Org.Assignments) {
        foreach ($f in @('CustomRecipientWriteScope', 'ExclusiveRecipientWriteScope', 'CustomConfigWriteScope', 'ExclusiveConfigWriteScope', 'CustomResourceScope')) {
            if ($a[$f] -and [string]::Equals($a[$f], $ScopeName, [System.StringComparison]::OrdinalIgnoreCase)) { $names += $a.Name; break }
        }
    }
    return , $names
}

function Resolve-EmuScope {
    # One scope by name, DN or GUID, or $null after writing the not-found error.
    param([hashtable]$Call, [string]$Identity)
    $hits = @(Find-EmuNamedRecord -Records $script:Org.Scopes -Identity $Identity)
    if ($hits.Count -eq 0 -or (Test-EmuWildcardText $Identity)) { Write-EmuError -Call $Call -Record (New-EmuNotFoundRecord -Call $Call -Identity $Identity); return $null }
    return $hits[0]
}

function Get-ManagementScope {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [object]$Exclusive,
        [switch]$Orphan,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters }
    process {
        if ($call.Aborted) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $scopes = @($script:Org.Scopes)
        if ($id) {
            $scopes = @(Find-EmuNamedRecord -Records $script:Org.Scopes -Identity $id)
            if ($scopes.Count -eq 0 -and -not (Test-EmuWildcardText $id)) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        }
        if ($PSBoundParameters.ContainsKey('Exclusive')) { $scopes = @($scopes | Where-Object { $_.Exclusive -eq [bool]$Exclusive }) }
        if ($Orphan) { $scopes = @($scopes | Where-Object { (Get-EmuScopeUsers $_.Name).Count -eq 0 }) }
        $out = @(foreach ($s in $scopes) { ConvertTo-EmuScopeObject $s })
        Write-EmuOutput $out
    }
    end { Complete-EmuCall $call }
}

function New-ManagementScope {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'RecipientFilter')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Name,
        [Parameter(ParameterSetName = 'RecipientFilter', Mandatory = $true)][string]$RecipientRestrictionFilter,
        [Parameter(ParameterSetName = 'RecipientFilter')][object]$RecipientRoot,
        [Parameter(ParameterSetName = 'DatabaseList', Mandatory = $true)][object[]]$DatabaseList,
        [Parameter(ParameterSetName = 'DatabaseFilter', Mandatory = $true)][string]$DatabaseRestrictionFilter,
        [Parameter(ParameterSetName = 'ServerList', Mandatory = $true)][object[]]$ServerList,
        [Parameter(ParameterSetName = 'ServerFilter', Mandatory = $true)][string]$ServerRestrictionFilter,
        [switch]$Exclusive,
        [switch]$Force,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write -OnPremisesOnly @('DatabaseList', 'DatabaseRestrictionFilter', 'ServerList', 'ServerRestrictionFilter') }
    process {
        if (Test-EmuRbacWriteStopped $call) { return }
        if ($Name.Length -gt 64) { Write-EmuError -Call $call -Record (New-EmuNameTooLongRecord -Call $call -Value $Name); return }
        $candidate = @{
            Name = $Name; ScopeRestrictionType = 'RecipientScope'; Exclusive = [bool]$Exclusive; RecipientRoot = $null; RecipientRootDn = $null
            RecipientFilter = $null; ServerFilter = $null; DatabaseFilter = $null; ServerList = @(); DatabaseList = @()
        }
        switch ($PSCmdlet.ParameterSetName) {
            'RecipientFilter' {
                $normalized = ConvertFrom-EmuScopeFilter -Call $call -Filter $RecipientRestrictionFilter
                if ($null -eq $normalized) { return }
                $candidate.RecipientFilter = $normalized
                if ($RecipientRoot) {
                    $rootId = ConvertTo-EmuIdentityText $RecipientRoot
                    $ou = Find-EmuOrganizationalUnit $rootId
                    if ($null -eq $ou) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $rootId); return }
                    $candidate.RecipientRoot = $ou.CanonicalName
                    $candidate.RecipientRootDn = $ou.DistinguishedName
                }
            }
            'ServerFilter' { $candidate.ScopeRestrictionType = 'ServerScope'; $candidate.ServerFilter = $ServerRestrictionFilter }
            'DatabaseFilter' { $candidate.ScopeRestrictionType = 'DatabaseScope'; $candidate.DatabaseFilter = $DatabaseRestrictionFilter }
            'ServerList' {
                $candidate.ScopeRestrictionType = 'ServerScope'
                foreach ($s in $ServerList) {
                    $sid = ConvertTo-EmuIdentityText $s
                    $hit = @(Find-EmuNamedRecord -Records $script:Org.Servers -Identity $sid -ExtraKeys @('Fqdn'))
                    if ($hit.Count -eq 0) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $sid); return }
                    $candidate.ServerList += $hit[0].Name
                }
            }
            'DatabaseList' {
                $candidate.ScopeRestrictionType = 'DatabaseScope'
                foreach ($d in $DatabaseList) {
                    $did = ConvertTo-EmuIdentityText $d
                    $hit = @(Find-EmuNamedRecord -Records $script:Org.Databases -Identity $did)
                    if ($hit.Count -eq 0) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $did); return }
                    $candidate.DatabaseList += $hit[0].Name
                }
            }
        }
        $similar = Find-EmuSimilarScope -Candidate $candidate
        if ($null -ne $similar) { Write-EmuError -Call $call -Record (New-EmuSimilarScopeRecord -Call $call -ExistingName $similar.Name); return }
        $candidate.DistinguishedName = (Get-EmuObjectDn -Name $Name -Container 'Scopes')
        foreach ($s in $script:Org.Scopes) {
            if ([string]::Equals($s.Name, $Name, [System.StringComparison]::OrdinalIgnoreCase)) {
                Write-EmuError -Call $call -Record (New-EmuAlreadyExistsRecord -Call $call -DistinguishedName $candidate.DistinguishedName)
                return
            }
        }
        if (-not $PSCmdlet.ShouldProcess($Name, 'Create management scope')) { return }
        if ($Exclusive -and -not $Force) {
            $query = 'Creating the exclusive scope "{0}" immediately stops everyone without an exclusive role assignment from changing the objects it matches. Continue?' -f $Name
            if (-not $PSCmdlet.ShouldContinue($query, 'Confirm')) { return }
        }
        $candidate.Guid = New-EmuGuid
        $script:Org.Scopes.Add($candidate)
        Write-EmuOutput @(ConvertTo-EmuScopeObject $candidate)
    }
    end { Complete-EmuCall $call }
}

function Set-ManagementScope {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [string]$Name,
        [string]$RecipientRestrictionFilter,
        [object]$RecipientRoot,
        [string]$DatabaseRestrictionFilter,
        [string]$ServerRestrictionFilter,
        [object[]]$DatabaseList,
        [object[]]$ServerList,
        [switch]$Force,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write -OnPremisesOnly @('DatabaseList', 'DatabaseRestrictionFilter', 'ServerList', 'ServerRestrictionFilter') -OnlineOnly @('Force') }
    process {
        if (Test-EmuRbacWriteStopped $call) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $scope = Resolve-EmuScope -Call $call -Identity $id
        if ($null -eq $scope) { return }
        $changed = @{}
        foreach ($k in @($scope.Keys)) { $changed[$k] = $scope[$k] }
        if ($PSBoundParameters.ContainsKey('Name')) {
            if ($Name.Length -gt 64) { Write-EmuError -Call $call -Record (New-EmuNameTooLongRecord -Call $call -Value $Name); return }
            $changed.Name = $Name
            $changed.DistinguishedName = (Get-EmuObjectDn -Name $Name -Container 'Scopes')
        }
        if ($PSBoundParameters.ContainsKey('RecipientRestrictionFilter')) {
            $normalized = ConvertFrom-EmuScopeFilter -Call $call -Filter $RecipientRestrictionFilter
            if ($null -eq $normalized) { return }
            $changed.RecipientFilter = $normalized
        }
        if ($PSBoundParameters.ContainsKey('RecipientRoot')) {
            if ($null -eq $RecipientRoot -or [string]$RecipientRoot -eq '') { $changed.RecipientRoot = $null; $changed.RecipientRootDn = $null }
            else {
                $rootId = ConvertTo-EmuIdentityText $RecipientRoot
                $ou = Find-EmuOrganizationalUnit $rootId
                if ($null -eq $ou) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $rootId); return }
                $changed.RecipientRoot = $ou.CanonicalName
                $changed.RecipientRootDn = $ou.DistinguishedName
            }
        }
        if ($PSBoundParameters.ContainsKey('ServerRestrictionFilter')) { $changed.ServerFilter = $ServerRestrictionFilter }
        if ($PSBoundParameters.ContainsKey('DatabaseRestrictionFilter')) { $changed.DatabaseFilter = $DatabaseRestrictionFilter }
        $similar = Find-EmuSimilarScope -Candidate $changed -Except $scope
        if ($null -ne $similar) { Write-EmuError -Call $call -Record (New-EmuSimilarScopeRecord -Call $call -ExistingName $similar.Name); return }
        if ($changed.Name -ne $scope.Name) {
            foreach ($s in $script:Org.Scopes) {
                if (-not [object]::ReferenceEquals($s, $scope) -and [string]::Equals($s.Name, $changed.Name, [System.StringComparison]::OrdinalIgnoreCase)) {
                    Write-EmuError -Call $call -Record (New-EmuAlreadyExistsRecord -Call $call -DistinguishedName $changed.DistinguishedName)
                    return
                }
            }
        }
        if (-not $PSCmdlet.ShouldProcess($scope.Name, 'Set management scope')) { return }
        $oldName = $scope.Name
        foreach ($k in @($changed.Keys)) { $scope[$k] = $changed[$k] }
        if ($oldName -ne $scope.Name) {
            # Assignments reference the scope object, so they show its new name.
            foreach ($a in $script:Org.Assignments) {
                foreach ($f in @('CustomRecipientWriteScope', 'ExclusiveRecipientWriteScope', 'CustomConfigWriteScope', 'ExclusiveConfigWriteScope', 'CustomResourceScope')) {
                    if ($a[$f] -eq $oldName) { $a[$f] = $scope.Name }
                }
            }
        }
    }
    end { Complete-EmuCall $call }
}

function Remove-ManagementScope {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [switch]$Force,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write -OnlineOnly @('Force') }
    process {
        if (Test-EmuRbacWriteStopped $call) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $scope = Resolve-EmuScope -Call $call -Identity $id
        if ($null -eq $scope) { return }
        $users = Get-EmuScopeUsers $scope.Name
        if ($users.Count -gt 0) {
            $msg = 'The management scope "{0}" can''t be removed because it''s used by these role assignments: {1}.' -f $scope.Name, ($users -join ', ')
            Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message $msg -ExceptionName 'InvalidOperationException' -Category 'InvalidOperation')
            return
        }
        if (-not $PSCmdlet.ShouldProcess($scope.Name, 'Remove management scope')) { return }
        [void]$script:Org.Scopes.Remove($scope)
    }
    end { Complete-EmuCall $call }
}
