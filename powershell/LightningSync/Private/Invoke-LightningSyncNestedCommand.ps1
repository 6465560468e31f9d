function Invoke-LightningSyncNestedCommand {
    <#
    .SYNOPSIS
    Runs a command in a nested pipeline (LightningSync.Interop.QuietCommand),
    writes its verbose messages and warnings here, and returns the
    QuietCommandResult: its output, or its error as data, never left in the
    caller's -ErrorVariable or $Error.
    #>
    [CmdletBinding()]
    [OutputType([LightningSync.Interop.QuietCommandResult])]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command,
        [hashtable] $Parameters = @{}
    )

    $result = [LightningSync.Interop.QuietCommand]::Invoke($Command, $Parameters, $global:Error)
    foreach ($text in $result.Verbose) { Write-Verbose $text }
    foreach ($text in $result.Warnings) { Write-Warning $text }
    $result
}
