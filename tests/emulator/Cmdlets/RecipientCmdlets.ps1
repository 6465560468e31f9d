# Get-User, Get-Mailbox, Get-Recipient, New-Mailbox, Remove-Mailbox. Docs: docs/exchange.md#service-mailbox, docs/exchange.md#department, docs/exchange.md#errors-and-retries.

$script:DefaultResultSizeWarning = 'By default, only the first 1000 items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify "-ResultSize Unlimited". Be aware that, depending upon the actual number of items, returning all items can take a long time and consume a large amount of memory. Also, we don''t recommend storing the results in a variable. Instead, pipe the results to another task or script to perform batch changes.'
$script:ResultSizeWarning = 'There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.'

function Test-EmuRecipientKind {
    # User: accounts (mailbox users, mail users, plain users); Mailbox: RecipientType UserMailbox; Recipient: mail-enabled.
    param([hashtable]$Recipient, [string]$Kind)
    switch ($Kind) {
        'User' { return ($Recipient.RecipientType -eq 'UserMailbox' -or $Recipient.RecipientType -eq 'MailUser' -or $Recipient.RecipientType -eq 'User') }
        'Mailbox' { return ($Recipient.RecipientType -eq 'UserMailbox') }
    }
    return ($Recipient.RecipientType -ne 'User')
}

function Select-EmuRecipient {
    <#
    The recipient records a Get-* call returns, or $null after writing the error. -Kind: User (accounts),
    Mailbox (RecipientType UserMailbox), Recipient (mail-enabled).
    #>
    param(
        [hashtable]$Call, [string]$Kind, $Identity, [string]$Filter, $OrganizationalUnit, [object[]]$RecipientTypeDetails,
        [object[]]$RecipientType, $Database, $ResultSize, [string]$FilterParameter = 'Filter'
    )
    $pool = @($script:Org.Recipients | Where-Object { Test-EmuRecipientKind -Recipient $_ -Kind $Kind })
    $id = ConvertTo-EmuIdentityText $Identity
    if ($id) {
        $hits = @(Find-EmuRecipient -Identity $id | Where-Object { $pool -contains $_ })
        if (-not (Test-EmuWildcardText $id)) {
            if ($hits.Count -eq 0) { Write-EmuError -Call $Call -Record (New-EmuNotFoundRecord -Call $Call -Identity $id); return $null }
            if ($hits.Count -gt 1) { Write-EmuError -Call $Call -Record (New-EmuAmbiguousRecord -Call $Call -Identity $id); return $null }
        }
        $pool = $hits
    }
    if ($Filter) {
        $tree = $null
        try {
            $tree = ConvertFrom-EmuOpath -Filter $Filter -Properties $script:OpathProperties -Online:$script:Org.IsOnline -ResolveCanonicalName ${function:Resolve-EmuCanonicalNameToDn}
        } catch {
            $msg = 'Cannot bind parameter ''{0}'' to the target. Exception setting "{0}": "{1}"' -f $FilterParameter, $_.Exception.Message
            Write-EmuError -Call $Call -Record (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'ParameterBindingException' -Category 'InvalidArgument')
            return $null
        }
        $pool = @($pool | Where-Object { Test-EmuOpathMatch $tree $_ })
    }
    if ($OrganizationalUnit) {
        $ouId = ConvertTo-EmuIdentityText $OrganizationalUnit
        $ou = Find-EmuOrganizationalUnit $ouId
        if ($null -eq $ou) { Write-EmuError -Call $Call -Record (New-EmuNotFoundRecord -Call $Call -Identity $ouId); return $null }
        $pool = @($pool | Where-Object { Test-EmuRecipientUnderRoot $_ $ou.DistinguishedName })
    }
    if ($RecipientTypeDetails) {
        $wanted = @($RecipientTypeDetails | ForEach-Object { ([string]$_).Split(',') } | ForEach-Object { $_.Trim() })
        $pool = @($pool | Where-Object { $wanted -contains $_.RecipientTypeDetails })
    }
    if ($RecipientType) {
        $wanted = @($RecipientType | ForEach-Object { ([string]$_).Split(',') } | ForEach-Object { $_.Trim() })
        $pool = @($pool | Where-Object { $wanted -contains $_.RecipientType })
    }
    if ($Database) {
        $dbId = ConvertTo-EmuIdentityText $Database
        $db = @(Find-EmuNamedRecord -Records $script:Org.Databases -Identity $dbId)
        if ($db.Count -eq 0) { Write-EmuError -Call $Call -Record (New-EmuNotFoundRecord -Call $Call -Identity $dbId); return $null }
        $pool = @($pool | Where-Object { $_.Database -eq $db[0].Name })
    }
    $limit = 1000
    $explicit = $false
    if ($null -ne $ResultSize) {
        $explicit = $true
        if ([string]$ResultSize -eq 'Unlimited') { $limit = [int]::MaxValue } else { $limit = [int]$ResultSize }
    }
    if ($pool.Count -gt $limit) {
        $pool = @($pool | Select-Object -First $limit)
        if ($explicit) { $Call.Cmdlet.WriteWarning($script:ResultSizeWarning) } else { $Call.Cmdlet.WriteWarning($script:DefaultResultSizeWarning) }
    }
    return , $pool
}

function Get-User {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [Parameter(ParameterSetName = 'AnrSet', Mandatory = $true)][string]$Anr,
        [string]$Filter,
        [object]$OrganizationalUnit,
        [object[]]$RecipientTypeDetails,
        [object]$ResultSize,
        [string]$SortBy,
        [object]$DomainController,
        [switch]$ReadFromDomainController,
        [switch]$IgnoreDefaultScope
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -OnPremisesOnly @('ReadFromDomainController', 'IgnoreDefaultScope') }
    process {
        if ($call.Aborted) { return }
        $idArg = $Identity
        if ($Anr) { $idArg = $Anr + '*' }
        $records = Select-EmuRecipient -Call $call -Kind User -Identity $idArg -Filter $Filter -OrganizationalUnit $OrganizationalUnit -RecipientTypeDetails $RecipientTypeDetails -ResultSize $ResultSize
        if ($null -eq $records) { return }
        $out = @(foreach ($r in $records) { ConvertTo-EmuUserObject $r })
        Write-EmuOutput $out
    }
    end { Complete-EmuCall $call }
}

function Get-Mailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [Parameter(ParameterSetName = 'AnrSet', Mandatory = $true)][string]$Anr,
        [Parameter(ParameterSetName = 'DatabaseSet', Mandatory = $true)][object]$Database,
        [Parameter(ParameterSetName = 'ServerSet', Mandatory = $true)][object]$Server,
        [string]$Filter,
        [object]$OrganizationalUnit,
        [object[]]$RecipientTypeDetails,
        [object]$ResultSize,
        [string]$SortBy,
        [object]$DomainController,
        [switch]$ReadFromDomainController,
        [switch]$IgnoreDefaultScope
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -OnPremisesOnly @('Database', 'Server', 'ReadFromDomainController', 'IgnoreDefaultScope') }
    process {
        if ($call.Aborted) { return }
        $idArg = $Identity
        if ($Anr) { $idArg = $Anr + '*' }
        $records = Select-EmuRecipient -Call $call -Kind Mailbox -Identity $idArg -Filter $Filter -OrganizationalUnit $OrganizationalUnit -RecipientTypeDetails $RecipientTypeDetails -Database $Database -ResultSize $ResultSize
        if ($null -eq $records) { return }
        if ($Server) {
            $sid = ConvertTo-EmuIdentityText $Server
            $dbNames = @($script:Org.Databases | Where-Object { $_.Server -eq $sid } | ForEach-Object { $_.Name })
            $records = @($records | Where-Object { $dbNames -contains $_.Database })
        }
        $out = @(foreach ($r in $records) { ConvertTo-EmuMailboxObject $r })
        Write-EmuOutput $out
    }
    end { Complete-EmuCall $call }
}

function Get-Recipient {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [Parameter(ParameterSetName = 'AnrSet', Mandatory = $true)][string]$Anr,
        [Parameter(ParameterSetName = 'RecipientPreviewFilterSet', Mandatory = $true)][string]$RecipientPreviewFilter,
        [string]$Filter,
        [object]$OrganizationalUnit,
        [object[]]$RecipientType,
        [object[]]$RecipientTypeDetails,
        [object]$ResultSize,
        [string]$SortBy,
        [string[]]$Properties,
        [object]$PropertySet,
        [object]$DomainController,
        [switch]$ReadFromDomainController,
        [switch]$IgnoreDefaultScope
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -OnPremisesOnly @('ReadFromDomainController', 'IgnoreDefaultScope') }
    process {
        if ($call.Aborted) { return }
        $idArg = $Identity
        if ($Anr) { $idArg = $Anr + '*' }
        $filterText = $Filter
        $filterParam = 'Filter'
        if ($RecipientPreviewFilter) { $filterText = $RecipientPreviewFilter; $filterParam = 'RecipientPreviewFilter' }
        $records = Select-EmuRecipient -Call $call -Kind Recipient -Identity $idArg -Filter $filterText -FilterParameter $filterParam -OrganizationalUnit $OrganizationalUnit -RecipientType $RecipientType -RecipientTypeDetails $RecipientTypeDetails -ResultSize $ResultSize
        if ($null -eq $records) { return }
        $out = @(foreach ($r in $records) { ConvertTo-EmuRecipientObject $r })
        Write-EmuOutput $out
    }
    end { Complete-EmuCall $call }
}

function New-Mailbox {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', DefaultParameterSetName = 'User')]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$Name,
        [Parameter(ParameterSetName = 'User', Mandatory = $true)]
        [Parameter(ParameterSetName = 'MicrosoftOnlineServicesID', Mandatory = $true)]
        [System.Security.SecureString]$Password,
        [Parameter(ParameterSetName = 'User', Mandatory = $true)][string]$UserPrincipalName,
        [Parameter(ParameterSetName = 'MicrosoftOnlineServicesID', Mandatory = $true)][string]$MicrosoftOnlineServicesID,
        [Parameter(ParameterSetName = 'Shared', Mandatory = $true)][switch]$Shared,
        [Parameter(ParameterSetName = 'Room', Mandatory = $true)][switch]$Room,
        [string]$Alias,
        [object]$Database,
        [string]$DisplayName,
        [string]$FirstName,
        [string]$LastName,
        [object]$OrganizationalUnit,
        [string]$PrimarySmtpAddress,
        [bool]$ResetPasswordOnNextLogon,
        [string]$SamAccountName,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write -OnPremisesOnly @('UserPrincipalName', 'SamAccountName', 'Database', 'OrganizationalUnit') -OnlineOnly @('MicrosoftOnlineServicesID') }
    process {
        if ($call.Aborted) { return }
        $org = $script:Org
        if ($Name.Length -gt 64) { Write-EmuError -Call $call -Record (New-EmuNameTooLongRecord -Call $call -Value $Name); return }
        if ($org.IsOnline -and $Name -match '[^\x20-\x7D]') {
            $msg = 'The name "{0}" contains characters that aren''t supported.' -f $Name
            Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message $msg -ExceptionName 'DataValidationException' -Category 'InvalidArgument')
            return
        }
        if ($Alias) {
            if ($Alias.Length -gt 64) { Write-EmuError -Call $call -Record (New-EmuNameTooLongRecord -Call $call -Value $Alias); return }
            if ($Alias -notmatch '^[A-Za-z0-9!#%*+\-/=?^_~]+(\.[A-Za-z0-9!#%*+\-/=?^_~]+)*$') {
                $msg = 'Property expression "{0}" isn''t valid. Valid values are: Strings formed with characters from A to Z (uppercase or lowercase), digits from 0 to 9, !, #, %, *, +, -, /, =, ?, ^, _, or ~, with embedded periods.' -f $Alias
                Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message $msg -ExceptionName 'DataValidationException' -Category 'InvalidArgument')
                return
            }
        }
        $ouName = $null
        if ($OrganizationalUnit) {
            $ouId = ConvertTo-EmuIdentityText $OrganizationalUnit
            $ou = Find-EmuOrganizationalUnit $ouId
            if ($null -eq $ou) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $ouId); return }
            $ouName = $ou.CanonicalName
        }
        $dbName = $null
        if ($Database) {
            $dbId = ConvertTo-EmuIdentityText $Database
            $db = @(Find-EmuNamedRecord -Records $org.Databases -Identity $dbId)
            if ($db.Count -eq 0) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $dbId); return }
            $dbName = $db[0].Name
        }
        $upn = $UserPrincipalName
        if ($MicrosoftOnlineServicesID) { $upn = $MicrosoftOnlineServicesID }
        $details = 'UserMailbox'
        if ($Shared) { $details = 'SharedMailbox' }
        if ($Room) { $details = 'RoomMailbox' }
        $savedCounter = $org.GuidCounter
        $record = New-EmuRecipientRecord -Name $Name -Alias $Alias -DisplayName $DisplayName -FirstName $FirstName -LastName $LastName -UserPrincipalName $upn -SamAccountName $SamAccountName -PrimarySmtpAddress $PrimarySmtpAddress -RecipientTypeDetails $details -OrganizationalUnit $ouName -Database $dbName
        foreach ($r in $org.Recipients) {
            if ([string]::Equals($r.DistinguishedName, $record.DistinguishedName, [System.StringComparison]::OrdinalIgnoreCase)) {
                $org.GuidCounter = $savedCounter
                Write-EmuError -Call $call -Record (New-EmuAlreadyExistsRecord -Call $call -DistinguishedName $record.DistinguishedName)
                return
            }
        }
        foreach ($r in $org.Recipients) {
            if ($upn -and [string]::Equals($r.UserPrincipalName, $upn, [System.StringComparison]::OrdinalIgnoreCase)) {
                $org.GuidCounter = $savedCounter
                $msg = 'The user principal name {0} is already used by another object.' -f $upn
                Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message $msg -ExceptionName 'ADObjectAlreadyExistsException')
                return
            }
            if ([string]::Equals($r.Alias, $record.Alias, [System.StringComparison]::OrdinalIgnoreCase) -and $Alias) {
                $org.GuidCounter = $savedCounter
                $msg = 'The alias "{0}" is already used by another object.' -f $record.Alias
                Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message $msg -ExceptionName 'ADObjectAlreadyExistsException')
                return
            }
        }
        if (-not $PSCmdlet.ShouldProcess($Name, 'Create mailbox')) { $org.GuidCounter = $savedCounter; return }
        $org.Recipients.Add($record)
        Write-EmuOutput @(ConvertTo-EmuMailboxObject $record)
    }
    end { Complete-EmuCall $call }
}

function Remove-Mailbox {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [bool]$Permanent,
        [switch]$KeepWindowsLiveID,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write -OnPremisesOnly @('Permanent') -OnlineOnly @('KeepWindowsLiveID') }
    process {
        if ($call.Aborted) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $hits = @(Find-EmuRecipient -Identity $id | Where-Object { $_.RecipientType -eq 'UserMailbox' })
        if ($hits.Count -eq 0) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        if ($hits.Count -gt 1) { Write-EmuError -Call $call -Record (New-EmuAmbiguousRecord -Call $call -Identity $id); return }
        $target = $hits[0]
        if (-not $PSCmdlet.ShouldProcess($target.Identity, 'Remove mailbox and its user account')) { return }
        [void]$script:Org.Recipients.Remove($target)
        # ACEs granted to the deleted account stay on their objects, shown by SID from now on.
        $principal = $script:Org.NetBiosName + '\' + $target.SamAccountName
        foreach ($ace in $script:Org.AdPermissions) {
            if ([string]::Equals($ace.User, $principal, [System.StringComparison]::OrdinalIgnoreCase)) { $ace.User = $target.Sid }
        }
    }
    end { Complete-EmuCall $call }
}

function Enable-Mailbox {
    # Mailbox-enables an existing user (RecipientType User). Docs: docs/exchange.md#service-mailbox (Enable-Mailbox for an existing account).
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [string]$Alias,
        [object]$Database,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write }
    process {
        if ($call.Aborted) { return }
        $org = $script:Org
        $id = ConvertTo-EmuIdentityText $Identity
        $hits = @(Find-EmuRecipient -Identity $id | Where-Object { $_.RecipientType -eq 'User' -or $_.RecipientType -eq 'UserMailbox' })
        if ($hits.Count -eq 0) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        if ($hits.Count -gt 1) { Write-EmuError -Call $call -Record (New-EmuAmbiguousRecord -Call $call -Identity $id); return }
        $target = $hits[0]
        if ($target.RecipientType -eq 'UserMailbox') {
            $msg = 'The user "{0}" already has a mailbox.' -f $target.Name
            Write-EmuError -Call $call -Record (New-EmuExchangeErrorRecord -Call $call -Message $msg -ExceptionName 'RecipientTaskException' -Category 'InvalidArgument')
            return
        }
        $dbName = $null
        if ($Database) {
            $dbId = ConvertTo-EmuIdentityText $Database
            $db = @(Find-EmuNamedRecord -Records $org.Databases -Identity $dbId)
            if ($db.Count -eq 0) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $dbId); return }
            $dbName = $db[0].Name
        }
        elseif ($org.Databases.Count -gt 0) { $dbName = $org.Databases[0].Name }
        if (-not $PSCmdlet.ShouldProcess($target.Identity, 'Enable mailbox')) { return }
        if ($Alias) { $target.Alias = $Alias }
        $target.RecipientType = 'UserMailbox'
        $target.RecipientTypeDetails = 'UserMailbox'
        $target.Database = $dbName
        if (-not $target.PrimarySmtpAddress) { $target.PrimarySmtpAddress = $target.Alias + '@' + $org.Domain }
        Write-EmuOutput @(ConvertTo-EmuMailboxObject $target)
    }
    end { Complete-EmuCall $call }
}

function Disable-Mailbox {
    # Removes the mailbox of a user and keeps the user account (RecipientType User). Docs: docs/exchange.md#service-mailbox.
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object]$Identity,
        [object]$DomainController
    )
    begin { $call = Enter-EmuCall -Cmdlet $PSCmdlet -Bound $PSBoundParameters -Write }
    process {
        if ($call.Aborted) { return }
        $id = ConvertTo-EmuIdentityText $Identity
        $hits = @(Find-EmuRecipient -Identity $id | Where-Object { $_.RecipientType -eq 'UserMailbox' })
        if ($hits.Count -eq 0) { Write-EmuError -Call $call -Record (New-EmuNotFoundRecord -Call $call -Identity $id); return }
        if ($hits.Count -gt 1) { Write-EmuError -Call $call -Record (New-EmuAmbiguousRecord -Call $call -Identity $id); return }
        $target = $hits[0]
        if (-not $PSCmdlet.ShouldProcess($target.Identity, 'Disable mailbox')) { return }
        $target.RecipientType = 'User'
        $target.RecipientTypeDetails = 'User'
        $target.Database = ''
        $target.PrimarySmtpAddress = ''
    }
    end { Complete-EmuCall $call }
}
