function Assert-LightningSyncEwsUrl {
    <#
    .SYNOPSIS
    Refuses an EWS URL that is not absolute, or not HTTPS unless unencrypted
    authentication was explicitly allowed. With -Cmdlet the error is
    terminating for that cmdlet; otherwise it is thrown.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [AllowNull()]
        [uri] $Uri,

        [switch] $AllowUnencryptedAuthentication,

        [System.Management.Automation.PSCmdlet] $Cmdlet
    )

    $message = $null
    if ($null -eq $Uri -or -not $Uri.IsAbsoluteUri) {
        $message = "The EWS URL '$Uri' is not an absolute URL. Give the full URL, e.g. https://mail.contoso.com/EWS/Exchange.asmx."
    }
    elseif ($Uri.Scheme -eq 'http') {
        if (-not $AllowUnencryptedAuthentication) {
            $message = "The EWS URL '$Uri' is not HTTPS: the credential would travel unencrypted. Use https://, or add -AllowUnencryptedAuthentication for a test setup."
        }
    }
    elseif ($Uri.Scheme -ne 'https') {
        $message = "The EWS URL '$Uri' must use https://."
    }
    if ($null -eq $message) { return }
    $record = New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.EwsUrlInvalid' -Category InvalidArgument -TargetObject $Uri
    if ($null -ne $Cmdlet) { $Cmdlet.ThrowTerminatingError($record) }
    throw $record
}
