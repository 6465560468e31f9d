function Get-LightningSyncEwsFailureCode {
    <#
    .SYNOPSIS
    Names a request that got no HTTP answer: Timeout, TlsFailed or
    ConnectionFailed, decided from exception types and WebException status
    (never from message text, which is localized).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [System.Exception] $Exception
    )

    $current = $Exception
    while ($null -ne $current) {
        if ($current -is [System.TimeoutException] -or $current -is [System.OperationCanceledException]) {
            return 'Timeout'
        }
        if ($current -is [System.Security.Authentication.AuthenticationException]) {
            return 'TlsFailed'
        }
        if ($current -is [System.Net.WebException]) {
            switch ($current.Status.ToString()) {
                'Timeout' { return 'Timeout' }
                'TrustFailure' { return 'TlsFailed' }
                'SecureChannelFailure' { return 'TlsFailed' }
            }
        }
        $current = $current.InnerException
    }
    'ConnectionFailed'
}
