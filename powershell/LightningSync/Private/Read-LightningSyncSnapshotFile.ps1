function Read-LightningSyncSnapshotFile {
    <#
    .SYNOPSIS
    The text of a snapshot file written by Export-LightningSyncOrgSnapshot, or
    an error record (LightningSync.SnapshotNotFound, LightningSync.SnapshotUnreadable)
    naming the file and the fix. Never throws: the caller decides how the
    error ends its work.
    #>
    [CmdletBinding()]
    [OutputType([string], [System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)]
        [string] $Path
    )

    $export = "Export-LightningSyncOrgSnapshot -Path '$Path' -Account <account> -IncludeRecipients"
    if ([System.IO.Directory]::Exists($Path)) {
        $message = "The snapshot '$Path' is a folder. Give the path of the file Export-LightningSyncOrgSnapshot wrote, or write one with $export."
        return (New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.SnapshotNotFound' -Category ObjectNotFound -TargetObject $Path)
    }
    if (-not [System.IO.File]::Exists($Path)) {
        $message = "The snapshot file '$Path' was not found. Check the path, or write a snapshot with $export."
        return (New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.SnapshotNotFound' -Category ObjectNotFound -TargetObject $Path)
    }
    try {
        [System.IO.File]::ReadAllText($Path)
    }
    catch {
        $reason = $_.Exception.Message
        if ($null -ne $_.Exception.InnerException) { $reason = $_.Exception.InnerException.Message }
        $message = "The snapshot file '$Path' cannot be read: $reason Check that it is not locked and that you may read it."
        New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.SnapshotUnreadable' -Category ReadError -TargetObject $Path
    }
}
