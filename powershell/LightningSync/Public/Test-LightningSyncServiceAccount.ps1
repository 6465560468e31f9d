function Test-LightningSyncServiceAccount {
    <#
    .SYNOPSIS
    Audits who can impersonate whom: every ApplicationImpersonation and application-role assignment, and what is wrong with it.

    .DESCRIPTION
    Reads the organization (live, or from a snapshot file) and returns findings with a severity:
    organization-wide impersonation grants (Critical), org-wide application roles, scopes matching everyone
    (High) or nobody, missing scopes, an account without a mailbox, disabled assignments, orphaned scopes,
    legacy ms-Exch-EPI extended rights, and the retired ApplicationImpersonation role in Exchange Online.
    With -Coverage it returns, for each assignment, whom it covers: the scope's filter evaluated over the
    organization's mailboxes (live audits read the recipients; snapshots need -IncludeRecipients).

    -VerifyEws additionally probes EWS impersonation as the service account
    (Test-LightningSyncImpersonation) for up to -SampleSize mailboxes its assignments cover.

    .PARAMETER Account
    The service account (UPN, alias or DOMAIN\sam).

    .PARAMETER Snapshot
    A snapshot file from Export-LightningSyncOrgSnapshot instead of the live session.

    .PARAMETER DomainController
    On-premises, live: the domain controller to read from.

    .PARAMETER Coverage
    Return the coverage rows (LightningSync.ImpersonationCoverage) instead of the findings.

    .PARAMETER VerifyEws
    Also probe EWS impersonation for mailboxes the service account's assignments cover (needs -Credential and -EwsUrl).

    .PARAMETER Credential
    With -VerifyEws: the service account's credential.

    .PARAMETER EwsUrl
    With -VerifyEws: the EWS endpoint, e.g. https://mail.contoso.com/EWS/Exchange.asmx.

    .PARAMETER SampleSize
    With -VerifyEws: how many covered mailboxes to probe (default 5). With -VerifyAuthorization: how many
    mailboxes inside the scope and how many outside it to test (each).

    .PARAMETER VerifyAuthorization
    Exchange Online: proves the RBAC for Applications grants mailbox by mailbox. Takes a sample of mailboxes
    the application's scopes should cover and a sample they should not (from the live organization, or the
    snapshot's recipients), runs Test-ServicePrincipalAuthorization -Identity <service principal> -Resource
    <mailbox> for each in the current Exchange Online session, and reports per mailbox and role the expected
    and the reported InScope (LightningSync.AuthorizationCheck) with a finding for every mismatch:
    AuthorizationDeniedInScope (the scope covers the mailbox, the service denies it; the 30-minute to
    2-hour permission cache is named when the grant changed less than two hours before) and
    AuthorizationBeyondScope (the scope excludes the mailbox, the service allows it). -Account names the
    service principal pointer (display name, application id or object id).

    .PARAMETER Target
    OnPremises or ExchangeOnline: states which organization the audit expects; a session or snapshot of the
    other kind is an error.

    .PARAMETER SkipCertificateCheck
    With -VerifyEws: accept the EWS server's certificate without validation (test labs only).

    .PARAMETER AllowUnencryptedAuthentication
    With -VerifyEws: allow an http:// EWS URL, sending the credential unencrypted (test labs only).

    .EXAMPLE
    PS> Test-LightningSyncServiceAccount -Account svc-sync@contoso.com | Where-Object Severity -in 'Critical', 'High'

    Lists the serious findings of the live organization.

    .EXAMPLE
    PS> Test-LightningSyncServiceAccount -Snapshot .\contoso.clixml -Account svc-sync -Coverage

    Shows whom each impersonation assignment covers, from a snapshot taken with -IncludeRecipients.

    .EXAMPLE
    PS> Test-LightningSyncServiceAccount -Account svc-sync@contoso.com -VerifyEws -Credential (Get-Credential) -EwsUrl https://mail.contoso.com/EWS/Exchange.asmx

    Also checks over EWS that impersonation works for a sample of covered mailboxes.

    .EXAMPLE
    PS> Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -Target ExchangeOnline -VerifyAuthorization -SampleSize 10

    In an Exchange Online session: tests 10 mailboxes inside and 10 outside the application's scope with
    Test-ServicePrincipalAuthorization and reports every mailbox whose access differs from the scope.

    .EXAMPLE
    PS> Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -Snapshot .\tenant.clixml -VerifyAuthorization | Where-Object Status -ne 'Match'

    Takes the sample from a snapshot made with -IncludeRecipients and lists the mismatching mailbox and role pairs.

    .OUTPUTS
    LightningSync.Finding, LightningSync.ImpersonationCoverage, LightningSync.ImpersonationResult, LightningSync.AuthorizationCheck
    #>
    [CmdletBinding(DefaultParameterSetName = 'Live')]
    [OutputType('LightningSync.Finding', 'LightningSync.ImpersonationCoverage', 'LightningSync.AuthorizationCheck')]
    param(
        [Parameter(Mandatory, Position = 0)]
        [Alias('Identity')]
        [ValidateNotNullOrEmpty()]
        [string] $Account,

        [Parameter(Mandatory, ParameterSetName = 'Snapshot')]
        [ValidateNotNullOrEmpty()]
        [string] $Snapshot,

        [Parameter(ParameterSetName = 'Live')]
        [string] $DomainController,

        [switch] $Coverage,

        [switch] $VerifyEws,

        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential = [System.Management.Automation.PSCredential]::Empty,

        [uri] $EwsUrl,

        [ValidateRange(1, 1000)]
        [int] $SampleSize = 5,

        [switch] $VerifyAuthorization,

        [ValidateSet('OnPremises', 'ExchangeOnline')]
        [string] $Target,

        [switch] $SkipCertificateCheck,

        [switch] $AllowUnencryptedAuthentication
    )

    Import-LightningSyncPrivateFunction
    Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0

    if ($VerifyEws -and ($Credential -eq [System.Management.Automation.PSCredential]::Empty -or $null -eq $EwsUrl)) {
        $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Message '-VerifyEws needs the service account''s -Credential and the -EwsUrl to probe.' -ErrorId 'LightningSync.VerifyEwsArguments' -Category InvalidArgument -TargetObject $Account))
    }
    if ($PSCmdlet.ParameterSetName -eq 'Snapshot') {
        $full = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Snapshot)
        $text = Read-LightningSyncSnapshotFile -Path $full
        if ($text -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.ThrowTerminatingError($text) }
    }
    try {
        if ($PSCmdlet.ParameterSetName -ne 'Snapshot') {
            $state = Invoke-LightningSyncQuietly -Caller $PSCmdlet -Name 'Get-LightningSyncOrgState' -Parameters @{ Account = $Account; IncludeRecipients = $true; DomainController = $DomainController }
            $text = ConvertTo-LightningSyncOrgSnapshotText -OrgState $state
        }
    }
    catch {
        # The module's own errors (an Exchange read that failed) keep their LightningSync.<Reason> id.
        if ([string]$_.FullyQualifiedErrorId -like 'LightningSync.*') { $PSCmdlet.ThrowTerminatingError($_) }
        $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $_.Exception -TargetObject $Account))
    }
    # A snapshot the library cannot read comes back as data, so the caller gets one record.
    $outcome = [LightningSync.Interop.PlanOutcome]::Audit($text)
    if ($null -ne $outcome.Exception) {
        $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $outcome.Exception -TargetObject $Account))
    }
    $audit = ConvertFrom-Json -InputObject $outcome.Text
    try {
        Assert-LightningSyncAuditTarget -Audit $audit -Target $Target
        if ($VerifyAuthorization) { $audit = Invoke-LightningSyncQuietly -Caller $PSCmdlet -Name 'Invoke-LightningSyncAuthorizationProof' -Parameters @{ SnapshotText = $text; Audit = $audit; SampleSize = $SampleSize } }
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }

    if (($Coverage -or $VerifyEws) -and $null -eq $audit.mailboxCount) {
        Write-Warning ("The snapshot of '{0}' holds no recipients (it was taken without -IncludeRecipients), so whom each assignment covers is unknown. Take it again with Export-LightningSyncOrgSnapshot -IncludeRecipients, or run the audit live." -f $Account)
    }
    if ($Coverage) { ConvertTo-LightningSyncCoverageRow -Audit $audit }
    else { ConvertTo-LightningSyncAuditFinding -Audit $audit }

    if ($VerifyAuthorization) { ConvertTo-LightningSyncAuthorizationRow -Audit $audit }

    if ($VerifyEws) {
        # @() around the whole pipeline: one covered mailbox is a single string, not a list.
        $mailboxes = @(@(foreach ($c in @($audit.coverage)) { if ($c.isServiceAccount -and $c.enabled) { @($c.covered) } }) | Select-Object -Unique -First $SampleSize)
        if ($mailboxes.Count -eq 0) {
            Write-Warning "No mailbox covered by an enabled assignment of '$Account' is known; take the audit live or from a snapshot made with -IncludeRecipients to probe EWS."
            return
        }
        Test-LightningSyncImpersonation -Mailbox $mailboxes -Credential $Credential -EwsUrl $EwsUrl `
            -SkipCertificateCheck:$SkipCertificateCheck -AllowUnencryptedAuthentication:$AllowUnencryptedAuthentication
    }
}
