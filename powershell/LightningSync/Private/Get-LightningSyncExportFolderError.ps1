function Get-LightningSyncExportFolderError {
    <#
    .SYNOPSIS
    The LightningSync.ExportIsFolder error record when an export path names a
    folder, or $null for anything else. Example is the command that passes the
    files inside it; {0} stands for the folder.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $Example
    )

    if (-not [System.IO.Directory]::Exists($Path)) { return $null }
    $message = "'$Path' is a folder, not an export file. Give the files in it, for example: " + $Example.Replace('{0}', $Path)
    New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.ExportIsFolder' -Category InvalidArgument -TargetObject $Path
}
