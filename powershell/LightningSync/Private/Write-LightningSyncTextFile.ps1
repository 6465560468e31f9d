function Write-LightningSyncTextFile {
    <#
    .SYNOPSIS
    Writes text to a file (UTF-8, with or without a byte-order mark); returns
    $null, or a LightningSync.OutputWriteFailed error record naming the file
    and the reason when the file system refuses (access denied, disk full).
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [AllowEmptyString()] [string] $Text,
        [switch] $ByteOrderMark
    )

    try {
        [System.IO.File]::WriteAllText($Path, $Text, (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList ([bool]$ByteOrderMark)))
        $null
    }
    catch {
        $reason = $_.Exception.Message
        if ($null -ne $_.Exception.InnerException) { $reason = $_.Exception.InnerException.Message }
        $message = "The file '$Path' cannot be written: $reason Check that you may write to its folder and that the disk has space."
        New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.OutputWriteFailed' -Category WriteError -TargetObject $Path
    }
}
