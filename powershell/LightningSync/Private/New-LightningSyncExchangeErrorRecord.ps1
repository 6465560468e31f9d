function New-LightningSyncExchangeErrorRecord {
    <#
    .SYNOPSIS
    The module's error for an Exchange cmdlet that failed: the classifier's
    LightningSync.<Reason> id, a message naming the cmdlet (and the tries made
    for a transient fault), Exchange's exception kept as the inner exception.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord,
        [Parameter(Mandatory)] [object] $Verdict,
        [Parameter(Mandatory)] [string] $Name,
        [int] $Attempts = 1
    )

    $text = [string]$ErrorRecord.Exception.Message
    $message = '{0} failed: {1}' -f $Name, $text
    if ($Verdict.Kind -eq 'Transient') {
        $message = '{0} failed {1} time(s) with a transient fault ({2}): {3} Try again later, or raise -RetryCount / -RetryMaxSeconds where the cmdlet has them.' -f $Name, $Attempts, $Verdict.Fault, $text
    }
    elseif ($Verdict.Kind -eq 'Permission') {
        $message = '{0} was refused: {1} Run it with an account that holds the Exchange role for it (Organization Management, or Role Management with Recipient Management).' -f $Name, $text
    }
    $exception = [System.InvalidOperationException]::new($message, $ErrorRecord.Exception)
    $record = [System.Management.Automation.ErrorRecord]::new($exception, [string]$Verdict.ErrorId, $ErrorRecord.CategoryInfo.Category, $ErrorRecord.TargetObject)
    $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($message)
    $record
}
