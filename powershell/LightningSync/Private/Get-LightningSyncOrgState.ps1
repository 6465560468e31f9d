function Get-LightningSyncOrgState {
    <#
    .SYNOPSIS
    Reads everything the planner and the audit need from the current Exchange session into one
    LightningSync.OrgSnapshot object.

    .DESCRIPTION
    Works in the Exchange Management Shell (or an implicit-remoting session) and in an Exchange Online
    session; Get-ExchangeServer's presence tells them apart. Every collection is read completely into a
    variable before the next Exchange call (a call made while another pipeline is still streaming fails
    with "Pipelines cannot be executed concurrently" in remote sessions). "Not found" answers for the
    account become $null; any other failure stops.

    .PARAMETER Account
    The service account (UPN, alias, DOMAIN\sam); online, the name recorded for the application.

    .PARAMETER IncludeRecipients
    Also read every recipient (Get-Recipient -ResultSize Unlimited), so the audit can say whom each scope covers.

    .PARAMETER DomainController
    On-premises: the domain controller every read goes to.
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
        [string] $DomainController
    )

    $online = $null -eq (Get-Command -Name 'Get-ExchangeServer' -ErrorAction SilentlyContinue)
    $dc = @{}
    if ($DomainController -and -not $online) { $dc['DomainController'] = $DomainController }

    $optional = {
        param([scriptblock] $Read)
        try {
            & $Read
        }
        catch {
            $reason = [string]$_.CategoryInfo.Reason
            if ($reason -eq 'ManagementObjectNotFoundException' -or [string]$_.Exception.Message -match 'ManagementObjectNotFoundException') {
                return
            }
            throw
        }
    }

    $organizations = @(Get-OrganizationConfig @dc -ErrorAction Stop)
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
        $servers = @(Get-ExchangeServer @dc -ErrorAction Stop)
        $databases = @(Get-MailboxDatabase @dc -ErrorAction Stop)
    }

    # Explicit $null when absent: an empty pipeline result would serialize as an empty object.
    $user = $null
    $mailbox = $null
    # No account (a report over every account): read no user, since Get-User without an identity lists everyone.
    if ($Account) {
        $found = @(& $optional { Get-User -Identity $Account @dc -ErrorAction Stop })
        if ($found.Count -gt 0) { $user = $found[0] }
        $found = @(& $optional { Get-Mailbox -Identity $Account @dc -ErrorAction Stop })
        if ($found.Count -gt 0) { $mailbox = $found[0] }
    }
    # An empty pipeline leaves AutomationNull, which PSSerializer writes as an empty object (an account that exists).
    if ($null -eq $user) { $user = $null }
    if ($null -eq $mailbox) { $mailbox = $null }

    $scopes = @(Get-ManagementScope @dc -ErrorAction Stop)
    $allAssignments = @(Get-ManagementRoleAssignment @dc -ErrorAction Stop)
    $assignments = @(foreach ($a in $allAssignments) {
            $role = [string]$a.Role
            $scoped = ([string]$a.CustomRecipientWriteScope -ne '')
            if ($null -ne $a.PSObject.Properties['CustomResourceScope'] -and [string]$a.CustomResourceScope -ne '') { $scoped = $true }
            if ($role -eq 'ApplicationImpersonation' -or $role -like 'Application *' -or $scoped) { $a }
        })

    $permissions = @()
    if (-not $online) {
        $objects = @()
        $objects += @(foreach ($s in $servers) { if ($s.IsClientAccessServer -and -not $s.IsEdgeServer) { [string]$s.DistinguishedName } })
        $objects += @(foreach ($d in $databases) { [string]$d.DistinguishedName })
        foreach ($identity in $objects) {
            if (-not $identity) { continue }
            $aces = @(Get-ADPermission -Identity $identity @dc -ErrorAction Stop)
            foreach ($ace in $aces) {
                $rights = @(foreach ($r in @($ace.ExtendedRights)) { [string]$r })
                if (($rights -contains 'ms-Exch-EPI-Impersonation') -or ($rights -contains 'ms-Exch-EPI-May-Impersonate')) { $permissions += $ace }
            }
        }
    }

    $servicePrincipals = @()
    if ($online -and $null -ne (Get-Command -Name 'Get-ServicePrincipal' -ErrorAction SilentlyContinue)) {
        $servicePrincipals = @(Get-ServicePrincipal -ErrorAction Stop)
    }

    $recipients = $null
    if ($IncludeRecipients) {
        $recipients = @(Get-Recipient -ResultSize Unlimited @dc -ErrorAction Stop)
    }

    [pscustomobject]@{
        PSTypeName         = 'LightningSync.OrgSnapshot'
        SchemaVersion      = 1
        CapturedAt         = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
        IsExchangeOnline   = [bool]$online
        OrganizationConfig = [pscustomobject]@{ IsDehydrated = $isDehydrated; Name = $organizationName }
        ExchangeServers    = $servers
        MailboxDatabases   = $databases
        ServiceAccount     = [pscustomobject]@{ Identity = $Account; User = $user; Mailbox = $mailbox }
        ManagementScopes   = $scopes
        RoleAssignments    = $assignments
        AdPermissions      = $permissions
        ServicePrincipals  = $servicePrincipals
        Recipients         = $recipients
    }
}
