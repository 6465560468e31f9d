function Invoke-LightningSyncQuietly {
    <#
    .SYNOPSIS
    Runs one of the module's own functions in a nested pipeline
    (LightningSync.Interop.QuietCommand) for a public cmdlet and returns its
    output; its error ends the public cmdlet once, as the cmdlet's own
    terminating error.

    .DESCRIPTION
    An error thrown inside the module passes through every function between the
    place it arises and the public cmdlet, and PowerShell records it again in the
    caller's -ErrorVariable at each of them (a failed read showed up ten times).
    Run this way, the error comes back as data and is reported once. The
    function's verbose messages and warnings are written here, so the caller's
    -Verbose and -WarningAction still apply.

    .PARAMETER Caller
    The public cmdlet ($PSCmdlet) whose terminating error a failure becomes.

    .PARAMETER ErrorAsOutput
    Return the error record instead (for a per-item error the cmdlet writes and goes on).
    #>
    [CmdletBinding()]
    [OutputType([object])]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Caller,
        [Parameter(Mandatory)] [string] $Name,
        [hashtable] $Parameters = @{},
        [switch] $ErrorAsOutput
    )

    $command = Get-Command -Name $Name -CommandType Function -ErrorAction Ignore | Select-Object -First 1
    $splat = @{}
    foreach ($key in @($Parameters.Keys)) { $splat[$key] = $Parameters[$key] }
    if ($VerbosePreference -ne 'SilentlyContinue' -and $VerbosePreference -ne 'Ignore') { $splat['Verbose'] = $true }
    $result = Invoke-LightningSyncNestedCommand -Command $command -Parameters $splat
    if ($null -ne $result.ErrorRecord) {
        if ($ErrorAsOutput) { return $result.ErrorRecord }
        $Caller.ThrowTerminatingError($result.ErrorRecord)
    }
    foreach ($item in $result.Output) { $item }
}
