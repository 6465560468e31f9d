function Invoke-LightningSyncEwsRequest {
    <#
    .SYNOPSIS
    POSTs one EWS (or Autodiscover) request with Invoke-WebRequest and returns
    the HTTP status and at most -ReadLimit bytes of the body, whatever the
    status; or, when no HTTP answer came, a failure code (Timeout,
    ConnectionFailed, TlsFailed) and the client's error text.

    .DESCRIPTION
    Authentication is whatever the server offers that the credential can do
    (Basic, NTLM or Negotiate): the credential goes to Invoke-WebRequest and
    nowhere else. Certificate checks stay on unless -SkipCertificateCheck.

    Windows PowerShell 5.1: TLS 1.2 is switched on in ServicePointManager for
    this call only (TLS 1.0/1.1 off, TLS 1.3 kept when already on) and the
    previous value restored afterwards; -SkipCertificateCheck installs a
    callback that accepts only this URL's host and is removed afterwards.
    Error replies arrive as a WebException whose Response stream is read.

    PowerShell 7: -SkipHttpErrorCheck returns error replies as responses;
    -SkipCertificateCheck and -AllowUnencryptedAuthentication are passed
    per call, so no process-wide state changes.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [uri] $Uri,

        [Parameter(Mandatory)]
        [byte[]] $Body,

        [Parameter(Mandatory)]
        [string] $ContentType,

        [hashtable] $Headers = @{},

        [Parameter(Mandatory)]
        [System.Management.Automation.PSCredential] $Credential,

        [Parameter(Mandatory)]
        [int] $TimeoutSec,

        [Parameter(Mandatory)]
        [int] $ReadLimit,

        [switch] $SkipCertificateCheck,

        [switch] $AllowUnencryptedAuthentication
    )

    $desktop = $PSVersionTable.PSEdition -eq 'Desktop'
    # Local to this function: the web cmdlets' progress bar slows 5.1 down a lot.
    $ProgressPreference = 'SilentlyContinue'

    $request = @{
        Uri             = $Uri
        Method          = 'Post'
        Body            = $Body
        ContentType     = $ContentType
        Headers         = $Headers
        Credential      = $Credential
        TimeoutSec      = $TimeoutSec
        UseBasicParsing = $true
        ErrorAction     = 'Stop'
        Verbose         = $false
        Debug           = $false
    }
    $canSkipHttpErrorCheck = (Get-Command -Name Invoke-WebRequest).Parameters.ContainsKey('SkipHttpErrorCheck')
    if (-not $desktop) {
        if ($canSkipHttpErrorCheck) { $request.SkipHttpErrorCheck = $true }
        if ($SkipCertificateCheck) { $request.SkipCertificateCheck = $true }
        if ($AllowUnencryptedAuthentication) { $request.AllowUnencryptedAuthentication = $true }
    }

    $savedProtocols = $null
    $bypass = $null
    $status = $null
    $bytes = $null
    $length = 0
    $failure = $null
    $failureDetail = $null
    try {
        if ($desktop) {
            $savedProtocols = [System.Net.ServicePointManager]::SecurityProtocol
            $legacy = [System.Net.SecurityProtocolType]::Ssl3 -bor [System.Net.SecurityProtocolType]::Tls -bor [System.Net.SecurityProtocolType]::Tls11
            $wanted = ($savedProtocols -band (-bnot $legacy)) -bor [System.Net.SecurityProtocolType]::Tls12
            if ($wanted -ne $savedProtocols) {
                [System.Net.ServicePointManager]::SecurityProtocol = $wanted
            }
            if ($SkipCertificateCheck) {
                $bypass = [LightningSync.Interop.CertificateCheckBypass]::ForHost($Uri.Host)
            }
        }

        # Run in a nested pipeline: an HTTP error or a host that does not answer is this function's
        # result, not an error left in the caller's -ErrorVariable or $Error.
        $call = Invoke-LightningSyncNestedCommand -Command (Get-Command -Name 'Invoke-WebRequest' -CommandType Cmdlet) -Parameters $request
        $problem = $call.ErrorRecord
        if ($null -eq $problem) {
            $response = $call.Output[0]
            $status = [int]$response.StatusCode
            $read = Read-LightningSyncEwsBody -Stream $response.RawContentStream -Limit $ReadLimit
            $bytes = $read.Bytes
            $length = $read.Length
        }
        else {
            $exception = $problem.Exception
            $webResponse = $null
            if ($exception.PSObject.Properties['Response']) { $webResponse = $exception.Response }
            if ($exception -is [System.Net.WebException] -and $webResponse -is [System.Net.HttpWebResponse]) {
                # Windows PowerShell 5.1: the error reply's body is still unread.
                try {
                    $status = [int]$webResponse.StatusCode
                    $read = Read-LightningSyncEwsBody -Stream $webResponse.GetResponseStream() -Limit $ReadLimit
                    $bytes = $read.Bytes
                    $length = $read.Length
                }
                finally {
                    $webResponse.Close()
                }
            }
            elseif ($null -ne $webResponse -and $webResponse.PSObject.Properties['StatusCode']) {
                # PowerShell 6/7 without -SkipHttpErrorCheck: the body was read
                # into the error details as text.
                $status = [int]$webResponse.StatusCode
                $text = ''
                if ($null -ne $problem.ErrorDetails -and $null -ne $problem.ErrorDetails.Message) { $text = $problem.ErrorDetails.Message }
                $all = [System.Text.Encoding]::UTF8.GetBytes($text)
                $length = [System.Math]::Min($all.Length, $ReadLimit)
                $bytes = $all
            }
            else {
                $failure = Get-LightningSyncEwsFailureCode -Exception $exception
                $failureDetail = $exception.Message
            }
        }
    }
    finally {
        if ($null -ne $bypass) { $bypass.Dispose() }
        if ($null -ne $savedProtocols -and [System.Net.ServicePointManager]::SecurityProtocol -ne $savedProtocols) {
            [System.Net.ServicePointManager]::SecurityProtocol = $savedProtocols
        }
    }

    [pscustomobject]@{
        StatusCode    = $status
        Body          = $bytes
        Length        = $length
        FailureCode   = $failure
        FailureDetail = $failureDetail
    }
}
