function Test-LightningSyncImpersonation {
    <#
    .SYNOPSIS
    Proves over EWS that the service account can impersonate each mailbox
    (or, with -ExpectDenied, that it cannot).

    .DESCRIPTION
    For each mailbox, sends one EWS GetFolder request for the mailbox's
    Calendar and Contacts folders (what Lightning Sync syncs) with an
    ExchangeImpersonation header naming the mailbox, authenticated as the
    service account, and returns one LightningSync.ImpersonationResult.

    The outcome is decided from the EWS ResponseCode (or the HTTP status when
    there is none), never from the server's localized text, and comes with
    its meaning and a fix. Success means the account opened both folders; with
    -ExpectDenied, Success means the server refused to let the account act as
    the mailbox's user (ErrorImpersonateUserDenied and the like), which proves
    that the management scope keeps the account out. Authentication errors,
    missing mailboxes, timeouts and the like prove neither and are never a
    success.

    The account authenticates with whatever the server offers that the
    credential can do: Basic, NTLM or Negotiate. The password is handed to
    Invoke-WebRequest only; it never appears in output, verbose, debug or
    error messages. Every request carries X-AnchorMailbox (except for a SID).
    On Windows PowerShell 5.1, TLS 1.2 is enabled for the duration of each
    call only and the previous setting restored.

    RBAC changes take a while to reach EWS: a fresh assignment may still be
    denied for some minutes.

    .PARAMETER Mailbox
    SMTP addresses (or user principal names, or SIDs) of the mailboxes to
    test. Accepts pipeline input, also by property name (PrimarySmtpAddress,
    e.g. from Get-Mailbox).

    .PARAMETER Credential
    The service account (e.g. svc-sync@contoso.com or CONTOSO\svc-sync).

    .PARAMETER EwsUrl
    The EWS endpoint, e.g. https://mail.contoso.com/EWS/Exchange.asmx.

    .PARAMETER Autodiscover
    Find the EWS URL with POX Autodiscover for each mailbox's domain (tried at
    https://<domain>/ and https://autodiscover.<domain>/, certificates always
    checked); the URL is found once per domain.

    .PARAMETER ExpectDenied
    The mailboxes are outside the account's scope: success means the server
    refuses impersonation.

    .PARAMETER IdentifierType
    How the header names the mailbox: Auto (SID for S-1-..., otherwise
    PrimarySmtpAddress; the default), PrimarySmtpAddress, SmtpAddress,
    PrincipalName (UPN) or SID.

    .PARAMETER ExchangeVersion
    The RequestServerVersion to send. Exchange2013_SP1 (default) suits
    Exchange 2013 to Subscription Edition and Exchange Online; use
    Exchange2010_SP2 when an Exchange 2010 server may answer.

    .PARAMETER TimeoutSec
    Time limit for each request, 1 to 600 seconds (default 30).

    .PARAMETER SkipCertificateCheck
    Accept the EWS server's certificate without checking it (labs only). Not
    applied to Autodiscover.

    .PARAMETER AllowUnencryptedAuthentication
    Allow an http:// URL, which sends the credential without encryption
    (test setups only).

    .EXAMPLE
    PS> $cred = Get-Credential CONTOSO\svc-sync
    PS> Test-LightningSyncImpersonation -Mailbox alice@contoso.com, bob@contoso.com -Credential $cred -EwsUrl https://mail.contoso.com/EWS/Exchange.asmx

    Tests two mailboxes in scope; Success is True for each the account can impersonate.

    .EXAMPLE
    PS> $cred = Get-Credential CONTOSO\svc-sync
    PS> Test-LightningSyncImpersonation -Mailbox ceo@contoso.com -Credential $cred -EwsUrl https://mail.contoso.com/EWS/Exchange.asmx -ExpectDenied

    Proves the scope keeps the account out of a mailbox that must not be synced.

    .EXAMPLE
    PS> $cred = Get-Credential CONTOSO\svc-sync
    PS> Get-Mailbox -Filter "Department -eq 'Sales'" | Test-LightningSyncImpersonation -Credential $cred -Autodiscover | Where-Object { -not $_.Success } | Format-List Mailbox, ResponseCode, Meaning, Fix

    Tests every Sales mailbox, finding EWS by Autodiscover, and lists what to fix.

    .INPUTS
    System.String

    .OUTPUTS
    LightningSync.ImpersonationResult
    #>
    [CmdletBinding(DefaultParameterSetName = 'EwsUrl')]
    [OutputType('LightningSync.ImpersonationResult')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('PrimarySmtpAddress', 'Identity')]
        [ValidateNotNullOrEmpty()]
        [string[]] $Mailbox,

        [Parameter(Mandatory)]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential,

        [Parameter(Mandatory, ParameterSetName = 'EwsUrl')]
        [uri] $EwsUrl,

        [Parameter(Mandatory, ParameterSetName = 'Autodiscover')]
        [switch] $Autodiscover,

        [switch] $ExpectDenied,

        [ValidateSet('Auto', 'PrimarySmtpAddress', 'SmtpAddress', 'PrincipalName', 'SID')]
        [string] $IdentifierType = 'Auto',

        [ValidateSet('Exchange2007_SP1', 'Exchange2010', 'Exchange2010_SP1', 'Exchange2010_SP2', 'Exchange2013', 'Exchange2013_SP1', 'Exchange2016')]
        [string] $ExchangeVersion = 'Exchange2013_SP1',

        [ValidateRange(1, 600)]
        [int] $TimeoutSec = 30,

        [switch] $SkipCertificateCheck,

        [switch] $AllowUnencryptedAuthentication
    )

    begin {
        # One mailbox that cannot be tested must not stop the others: unless
        # the caller passes -ErrorAction, per-mailbox errors are
        # non-terminating, whatever $ErrorActionPreference the caller has.
        Import-LightningSyncPrivateFunction
        Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0
        if (-not $PSCmdlet.MyInvocation.BoundParameters.ContainsKey('ErrorAction')) { $ErrorActionPreference = 'Continue' }
        if ($Credential -eq [System.Management.Automation.PSCredential]::Empty) {
            $message = 'Test-LightningSyncImpersonation needs the service account credential: pass -Credential (Get-Credential).'
            $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.EwsCredentialMissing' -Category InvalidArgument -TargetObject $null))
        }
        if ($PSCmdlet.ParameterSetName -eq 'EwsUrl') {
            Assert-LightningSyncEwsUrl -Uri $EwsUrl -AllowUnencryptedAuthentication:$AllowUnencryptedAuthentication -Cmdlet $PSCmdlet
        }
        $readLimit = [LightningSync.Interop.EwsProbe]::ReadLimit()
        $endpoints = @{}
        Write-Verbose "Testing impersonation as '$($Credential.UserName)'; ExpectDenied=$([bool]$ExpectDenied); RequestServerVersion $ExchangeVersion."
    }

    process {
        foreach ($entry in $Mailbox) {
            $json = $null
            $refused = $null
            if (-not [LightningSync.Interop.EwsProbe]::TryBuildGetFolderJson($entry, $IdentifierType, $ExchangeVersion, [ref]$json, [ref]$refused)) {
                $PSCmdlet.WriteError((New-LightningSyncErrorRecord -Exception $refused -TargetObject $entry))
                continue
            }
            $built = ConvertFrom-Json -InputObject $json

            $url = $EwsUrl
            if ($Autodiscover) {
                $domain = $null
                if ($built.Mailbox -match '@([^@]+)$') { $domain = $Matches[1].ToLowerInvariant() }
                if ($null -eq $domain) {
                    $message = "Autodiscover needs an address, but '$($built.Mailbox)' is a SID. Give -EwsUrl instead."
                    $PSCmdlet.WriteError((New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.EwsAutodiscoverFailed' -Category InvalidArgument -TargetObject $entry))
                    continue
                }
                # Failures come back as data, so the caller's -ErrorVariable gets the one record written here.
                if (-not $endpoints.ContainsKey($domain)) {
                    $endpoints[$domain] = Invoke-LightningSyncQuietly -Caller $PSCmdlet -Name 'Resolve-LightningSyncEwsUrl' -ErrorAsOutput `
                        -Parameters @{ EmailAddress = $built.Mailbox; Credential = $Credential; TimeoutSec = $TimeoutSec }
                }
                if ($endpoints[$domain] -is [System.Management.Automation.ErrorRecord]) {
                    $PSCmdlet.WriteError($endpoints[$domain])
                    continue
                }
                $url = $endpoints[$domain]
                $refusal = Invoke-LightningSyncQuietly -Caller $PSCmdlet -Name 'Assert-LightningSyncEwsUrl' -ErrorAsOutput `
                    -Parameters @{ Uri = $url; AllowUnencryptedAuthentication = [bool]$AllowUnencryptedAuthentication }
                if ($refusal -is [System.Management.Automation.ErrorRecord]) {
                    $PSCmdlet.WriteError($refusal)
                    continue
                }
            }

            $headers = @{}
            if ($null -ne $built.AnchorMailbox) { $headers['X-AnchorMailbox'] = [string]$built.AnchorMailbox }
            $body = [System.Text.Encoding]::UTF8.GetBytes([string]$built.Body)
            Write-Verbose "POST $url for $($built.IdentifierKind) '$($built.Mailbox)'."
            Write-Debug "Request body:`n$($built.Body)"

            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $reply = Invoke-LightningSyncEwsRequest -Uri $url -Body $body -ContentType ([string]$built.ContentType) -Headers $headers `
                -Credential $Credential -TimeoutSec $TimeoutSec -ReadLimit $readLimit `
                -SkipCertificateCheck:$SkipCertificateCheck -AllowUnencryptedAuthentication:$AllowUnencryptedAuthentication
            $clock.Stop()

            if ($null -ne $reply.StatusCode) {
                $json = [LightningSync.Interop.EwsProbe]::ClassifyJson($reply.StatusCode, $reply.Body, $reply.Length, [bool]$ExpectDenied)
                Write-Verbose "HTTP $($reply.StatusCode), $($reply.Length) bytes read, after $([int]$clock.Elapsed.TotalMilliseconds) ms."
            }
            else {
                $json = [LightningSync.Interop.EwsProbe]::ClassifyFailureJson($reply.FailureCode, $reply.FailureDetail, [bool]$ExpectDenied)
                Write-Verbose "No HTTP answer ($($reply.FailureCode)) after $([int]$clock.Elapsed.TotalMilliseconds) ms."
            }
            ConvertTo-LightningSyncEwsResult -Json $json -Mailbox ([string]$built.Mailbox) -IdentifierKind ([string]$built.IdentifierKind) `
                -Elapsed $clock.Elapsed -EwsUrl $url -ExpectDenied:$ExpectDenied
        }
    }
}
