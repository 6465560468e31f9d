function Resolve-LightningSyncEwsUrl {
    <#
    .SYNOPSIS
    Finds the EWS URL for a mailbox with POX Autodiscover: POSTs the request
    for the address to each candidate URL in turn (by default
    https://<domain>/autodiscover/autodiscover.xml, then
    https://autodiscover.<domain>/autodiscover/autodiscover.xml) and returns the
    EwsUrl of the EXCH protocol (else EXPR) of the first answer that has one.

    .DESCRIPTION
    Candidates are tried over HTTPS with certificate checks always on: the
    credential is not offered to a host whose certificate is not trusted. The
    answer is read up to a bounded size and parsed with DTDs prohibited.
    Throws an ErrorRecord (LightningSync.EwsAutodiscoverFailed) naming every
    URL tried and why it failed.
    #>
    [CmdletBinding()]
    [OutputType([uri])]
    param(
        [Parameter(Mandatory)]
        [string] $EmailAddress,

        [Parameter(Mandatory)]
        [System.Management.Automation.PSCredential] $Credential,

        [Parameter(Mandatory)]
        [int] $TimeoutSec,

        [uri[]] $CandidateUri,

        [switch] $AllowUnencryptedAuthentication
    )

    $at = $EmailAddress.LastIndexOf('@')
    if ($at -lt 1 -or $at -eq $EmailAddress.Length - 1) {
        $message = "Autodiscover needs an SMTP address, but '$EmailAddress' has no domain. Give -EwsUrl instead."
        throw (New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.EwsAutodiscoverFailed' -Category InvalidArgument -TargetObject $EmailAddress)
    }
    $domain = $EmailAddress.Substring($at + 1)
    if (-not $CandidateUri) {
        $CandidateUri = @(
            [uri]"https://$domain/autodiscover/autodiscover.xml",
            [uri]"https://autodiscover.$domain/autodiscover/autodiscover.xml"
        )
    }

    $requestXml = '<?xml version="1.0" encoding="utf-8"?>' +
        '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request>' +
        '<EMailAddress>' + [System.Security.SecurityElement]::Escape($EmailAddress) + '</EMailAddress>' +
        '<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>' +
        '</Request></Autodiscover>'
    $body = [System.Text.Encoding]::UTF8.GetBytes($requestXml)
    $limit = [LightningSync.Interop.EwsProbe]::ReadLimit()

    $problems = @()
    foreach ($candidate in $CandidateUri) {
        if ($candidate.Scheme -ne 'https' -and -not $AllowUnencryptedAuthentication) {
            $problems += "${candidate}: not HTTPS"
            continue
        }
        Write-Verbose "Autodiscover: asking $candidate for $EmailAddress"
        $reply = Invoke-LightningSyncEwsRequest -Uri $candidate -Body $body -ContentType 'text/xml; charset=utf-8' `
            -Credential $Credential -TimeoutSec $TimeoutSec -ReadLimit $limit -AllowUnencryptedAuthentication:$AllowUnencryptedAuthentication
        if ($null -eq $reply.StatusCode) {
            $problems += "${candidate}: $($reply.FailureCode) ($($reply.FailureDetail))"
            continue
        }
        if ($reply.StatusCode -ne 200) {
            $problems += "${candidate}: HTTP $($reply.StatusCode)"
            continue
        }
        if ($reply.Length -ge $limit) {
            $problems += "${candidate}: the answer is too large"
            continue
        }
        $url = $null
        try {
            $url = Get-LightningSyncAutodiscoverEwsUrl -Bytes $reply.Body -Length $reply.Length
        }
        catch {
            $problems += "${candidate}: the answer is not valid Autodiscover XML"
            continue
        }
        if ($null -ne $url) {
            Write-Verbose "Autodiscover: EWS URL for $EmailAddress is $url"
            return $url
        }
        $problems += "${candidate}: the answer has no EwsUrl"
    }
    $message = "Autodiscover found no EWS URL for '$EmailAddress'. Tried: $($problems -join '; '). Give -EwsUrl instead."
    throw (New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.EwsAutodiscoverFailed' -Category ObjectNotFound -TargetObject $EmailAddress)
}
