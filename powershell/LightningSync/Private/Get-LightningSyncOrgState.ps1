function Get-LightningSyncOrgState {
    <#
    .SYNOPSIS
    Reads everything the planner and the audit need from the current Exchange session into one
    LightningSync.OrgSnapshot object.

    .DESCRIPTION
    Works in the Exchange Management Shell (or an implicit-remoting session) and in an Exchange Online
    session; Resolve-LightningSyncExchangeTarget tells them apart. Every collection is read completely into a
    variable before the next Exchange call (a call made while another pipeline is still streaming fails
    with "Pipelines cannot be executed concurrently" in remote sessions). Every read shares the retry
    policy for transient faults (Invoke-LightningSyncExchangeRead). "Not found" answers for the account
    become $null; any other failure stops with a LightningSync.<Reason> error.

    .PARAMETER Policy
    The retry policy (Get-LightningSyncRetryPolicy).

    .PARAMETER Account
    The service account (UPN, alias, DOMAIN\sam); online, the name recorded for the application.

    .PARAMETER IncludeRecipients
    Also read every recipient (Get-Recipient -ResultSize Unlimited), so the audit can say whom each scope covers.

    .PARAMETER DomainController
    On-premises: the domain controller every read goes to.

    .PARAMETER RecipientGroupScope
    Exchange Online: groups to read with their members besides those that assignments' group scopes name.
    #>
    [CmdletBinding()]
    [OutputType('LightningSync.OrgSnapshot')]
    param(
        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string] $Account,

        [switch] $IncludeRecipients,

        [AllowNull()]
        [AllowEmptyString()]
        [string] $DomainController,

        [AllowNull()]
        [string[]] $RecipientGroupScope,

        [hashtable] $Policy = (Get-LightningSyncRetryPolicy)
    )

    $online = (Resolve-LightningSyncExchangeTarget) -eq 'ExchangeOnline'
    $dc = ''
    if ($DomainController -and -not $online) { $dc = $DomainController }
    # Every read goes through the one retry policy; "not found" means absent only for the account.
    $read = @{ DomainController = $dc; Policy = $Policy }

    # One read of the organization; online it also asks for EwsAllowedAppIDs, which Exchange
    # Online shows only with -RetrieveEwsOperationAccessPolicy (docs/exchange.md#ews-access-controls).
    $organizationParameters = @{}
    $command = Get-Command -Name 'Get-OrganizationConfig' -ErrorAction Ignore
    if ($online -and $null -ne $command -and $command.Parameters.ContainsKey('RetrieveEwsOperationAccessPolicy')) {
        $organizationParameters['RetrieveEwsOperationAccessPolicy'] = $true
    }
    $organizations = @(Invoke-LightningSyncExchangeRead -Name 'Get-OrganizationConfig' -Parameters $organizationParameters @read)
    $isDehydrated = $false
    $organizationName = $null
    if ($organizations.Count -gt 0) {
        $organization = $organizations[0]
        $organizationName = [string]$organization.Name
        if ($null -ne $organization.PSObject.Properties['IsDehydrated']) { $isDehydrated = [bool]$organization.IsDehydrated }
    }

    $servers = @()
    $databases = @()
    if (-not $online) {
        $servers = @(Invoke-LightningSyncExchangeRead -Name 'Get-ExchangeServer' @read)
        $databases = @(Invoke-LightningSyncExchangeRead -Name 'Get-MailboxDatabase' @read)
    }

    # Explicit $null when absent: an empty pipeline result would serialize as an empty object.
    $user = $null
    $mailbox = $null
    # No account (a report over every account): read no user, since Get-User without an identity lists everyone.
    if ($Account) {
        $found = @(Invoke-LightningSyncExchangeRead -Name 'Get-User' -Parameters @{ Identity = $Account } -Optional @read)
        if ($found.Count -gt 0) { $user = $found[0] }
        $found = @(Invoke-LightningSyncExchangeRead -Name 'Get-Mailbox' -Parameters @{ Identity = $Account } -Optional @read)
        if ($found.Count -gt 0) { $mailbox = $found[0] }
    }
    # An empty pipeline leaves AutomationNull, which PSSerializer writes as an empty object (an account that exists).
    if ($null -eq $user) { $user = $null }
    if ($null -eq $mailbox) { $mailbox = $null }

    $scopes = @(Invoke-LightningSyncExchangeRead -Name 'Get-ManagementScope' @read)
    # Every assignment, whatever its role: a name the plan would give may be taken by an assignment of
    # another role, and the planner must see it (never decide on a name alone).
    $assignments = @(Invoke-LightningSyncExchangeRead -Name 'Get-ManagementRoleAssignment' @read)

    $permissions = @()
    if (-not $online) {
        $objects = @()
        $objects += @(foreach ($s in $servers) { if ($s.IsClientAccessServer -and -not $s.IsEdgeServer) { [string]$s.DistinguishedName } })
        $objects += @(foreach ($d in $databases) { [string]$d.DistinguishedName })
        foreach ($identity in $objects) {
            if (-not $identity) { continue }
            $aces = @(Invoke-LightningSyncExchangeRead -Name 'Get-ADPermission' -Parameters @{ Identity = $identity } @read)
            foreach ($ace in $aces) {
                $rights = @(foreach ($r in @($ace.ExtendedRights)) { [string]$r })
                if (($rights -contains 'ms-Exch-EPI-Impersonation') -or ($rights -contains 'ms-Exch-EPI-May-Impersonate')) { $permissions += $ace }
            }
        }
    }

    $servicePrincipals = @()
    if ($online -and $null -ne (Get-Command -Name 'Get-ServicePrincipal' -ErrorAction Ignore)) {
        $servicePrincipals = @(Invoke-LightningSyncExchangeRead -Name 'Get-ServicePrincipal' @read)
    }

    $recipients = $null
    $casMailboxes = $null
    if ($IncludeRecipients) {
        $recipients = @(Invoke-LightningSyncExchangeRead -Name 'Get-Recipient' -Parameters @{ ResultSize = 'Unlimited' } @read)
        $casMailboxes = Get-LightningSyncCasMailbox -DomainController $dc -Policy $Policy
    }
    $groupNames = @(@($RecipientGroupScope) + @(foreach ($a in $assignments) { if ($null -ne $a.PSObject.Properties['RecipientGroupScope']) { [string]$a.RecipientGroupScope } }) | Where-Object { $_ } | Select-Object -Unique)
    $groups = @()
    if ($online) { $groups = Get-LightningSyncGroupMembership -Identity $groupNames -Policy $Policy }
    $organizationConfig = @{ IsDehydrated = $isDehydrated; Name = $organizationName }
    if ($organizations.Count -gt 0) { $organizationConfig += Get-LightningSyncEwsConfig -Organization $organizations[0] }

    [pscustomobject]@{
        PSTypeName         = 'LightningSync.OrgSnapshot'
        SchemaVersion      = 1
        CapturedAt         = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
        IsExchangeOnline   = [bool]$online
        OrganizationConfig = [pscustomobject]$organizationConfig
        ExchangeServers    = $servers
        MailboxDatabases   = $databases
        ServiceAccount     = [pscustomobject]@{ Identity = $Account; User = $user; Mailbox = $mailbox }
        ManagementScopes   = $scopes
        RoleAssignments    = $assignments
        AdPermissions      = $permissions
        ServicePrincipals  = $servicePrincipals
        Recipients         = $recipients
        CasMailboxes       = $casMailboxes
        Groups             = $groups
    }
}
