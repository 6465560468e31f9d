function Import-LightningSyncRecipient {
    <#
    .SYNOPSIS
    Reads the recipients of an Export-Clixml or Export-Csv file as objects,
    fast and with flat memory: an Import-Clixml (or Import-Csv) for large
    Get-User, Get-Mailbox and Get-Recipient exports.

    .DESCRIPTION
    Streams the top-level objects of a CLIXML file written by Export-Clixml in
    Windows PowerShell 5.1 (UTF-16) or PowerShell 7 (UTF-8). The native
    library parses the file in batches; each object is written to the
    pipeline as soon as its batch is read, so memory does not grow with the
    file. Properties keep their types like Import-Clixml: strings, numbers,
    booleans, dates, GUIDs, lists (ArrayList), dictionaries (Hashtable) and
    nested objects (PSObjects with Deserialized.* type names). An object that
    only wraps a list (Export-Clixml -InputObject $array) is written out item
    by item. Enum values are written as their names; byte arrays and secure
    strings are not decoded (null).

    An Export-Csv file (told apart from CLIXML by its first characters, with
    or without the #TYPE line, in any encoding Export-Csv writes) is read
    like Import-Csv reads it: one object per row whose properties are the
    columns, as strings; a column a short row lacks is $null; with a #TYPE
    line the objects carry its type name and CSV:<type>, as Import-Csv sets them.

    A malformed file gives an error record (ErrorId
    LightningSync.ExportInvalid, ExportEncodingUnsupported or
    ExportUnreadable) naming the file, the byte offset, what was expected and
    the likely cause; objects read before the problem have already been
    written. An empty file, a binary file (a .zip, an encrypted file), UTF-16
    without a byte-order mark and a CSV saved in a legacy code page are such
    errors too, never an empty result.

    .PARAMETER Path
    One or more Export-Clixml or Export-Csv files. Wildcards are allowed. Accepts pipeline
    input, also by property name (FullName from Get-ChildItem).

    .PARAMETER BatchSize
    Objects taken from the library at a time before they are written to the
    pipeline (default 64). The library parses ahead on a thread of its own
    while the objects of a batch are built; small batches let those objects
    be collected young, which keeps large imports fast.

    .EXAMPLE
    PS> Import-LightningSyncRecipient -Path ./users.xml | Where-Object Department -eq 'Sales'

    Reads a Get-User export and keeps the Sales department.

    .EXAMPLE
    PS> Import-LightningSyncRecipient -Path ./mailboxes.csv | Where-Object CustomAttribute1 -eq 'SyncEnabled'

    Reads an Export-Csv file of Get-Mailbox output, row by row.

    .EXAMPLE
    PS> Get-ChildItem ./exports/*.xml | Import-LightningSyncRecipient | Measure-Object

    Counts the objects of every export in a folder.

    .INPUTS
    System.String (paths), or objects with a FullName or Path property.

    .OUTPUTS
    System.Management.Automation.PSObject (one per top-level object of the file).
    #>
    [CmdletBinding()]
    [OutputType([psobject])]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('FullName')]
        [ValidateNotNullOrEmpty()]
        [string[]] $Path,

        [ValidateRange(1, 100000)]
        [int] $BatchSize = 64
    )

    begin {
        Import-LightningSyncPrivateFunction
        Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0
    }

    process {
        foreach ($item in $Path) {
            $files = @(Resolve-Path -Path $item -ErrorAction Ignore | Where-Object { $_.Provider.Name -eq 'FileSystem' } | ForEach-Object { $_.ProviderPath })
            if ($files.Count -eq 0) {
                $message = "The export file '$item' was not found. Give the path of a file written by Export-Clixml or Export-Csv."
                $PSCmdlet.WriteError((New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.ExportNotFound' -Category ObjectNotFound -TargetObject $item))
                continue
            }
            foreach ($file in $files) {
                $folderError = Get-LightningSyncExportFolderError -Path $file -Example "Get-ChildItem -Path '{0}' -Filter *.xml | Import-LightningSyncRecipient"
                if ($null -ne $folderError) {
                    $PSCmdlet.WriteError($folderError)
                    continue
                }
                $failure = $null
                $import = [LightningSync.Interop.RecipientImport]::TryOpen($file, [ref]$failure)
                if ($null -eq $import) {
                    $PSCmdlet.WriteError((New-LightningSyncErrorRecord -Exception $failure -TargetObject $file))
                    continue
                }
                $activity = "Importing $file"
                # Progress at most four times a second: a batch takes a few
                # milliseconds, a progress record more.
                $progressClock = [System.Diagnostics.Stopwatch]::StartNew()
                $progressDue = [TimeSpan]::Zero
                try {
                    while ($true) {
                        $records = $import.TryNext($BatchSize, [ref]$failure)
                        if ($null -eq $records) {
                            $PSCmdlet.WriteError((New-LightningSyncErrorRecord -Exception $failure -TargetObject $file))
                            break
                        }
                        if ($records.Length -eq 0) { break }
                        if ($progressClock.Elapsed -ge $progressDue) {
                            $progressDue = $progressClock.Elapsed + [TimeSpan]::FromMilliseconds(250)
                            $import.UpdateProgress()
                            if ($import.BytesTotal -gt 0) {
                                $percent = [int][math]::Min(100, (100.0 * $import.BytesRead / $import.BytesTotal))
                                Write-Progress -Activity $activity -Status ('{0:N0} of {1:N0} bytes read' -f $import.BytesRead, $import.BytesTotal) -PercentComplete $percent
                            }
                        }
                        foreach ($record in $records) { $PSCmdlet.WriteObject($record) }
                    }
                }
                finally {
                    $import.Dispose()
                    Write-Progress -Activity $activity -Completed
                }
            }
        }
    }
}
