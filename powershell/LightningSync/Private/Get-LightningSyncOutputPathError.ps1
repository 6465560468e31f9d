function Get-LightningSyncOutputPathError {
    <#
    .SYNOPSIS
    Checks a file path a cmdlet is about to write: $null when it may be
    written, else the error record naming the path and the fix: a folder
    (LightningSync.OutputPathIsFolder), a folder that does not exist
    (LightningSync.OutputFolderNotFound), or an existing file without -Force
    (the caller's ExistsErrorId).
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $ExistsErrorId,
        [switch] $Force
    )

    if ([System.IO.Directory]::Exists($Path)) {
        $example = [System.IO.Path]::Combine($Path, 'lightningsync.ps1')
        $message = "'$Path' is a folder, not a file. Give the path of the file to write, for example '$example'."
        return (New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.OutputPathIsFolder' -Category InvalidArgument -TargetObject $Path)
    }
    $parent = [System.IO.Path]::GetDirectoryName($Path)
    if ($parent -and -not [System.IO.Directory]::Exists($parent)) {
        $message = "The folder '$parent' does not exist. Create it first (New-Item -ItemType Directory -Path '$parent') or give a path in an existing folder."
        return (New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.OutputFolderNotFound' -Category ObjectNotFound -TargetObject $Path)
    }
    if ([System.IO.File]::Exists($Path) -and -not $Force) {
        $message = "The file '$Path' exists; pass -Force to overwrite it."
        return (New-LightningSyncErrorRecord -Message $message -ErrorId $ExistsErrorId -Category ResourceExists -TargetObject $Path)
    }
    $null
}
