function Format-LightningSyncSplatForLog {
    <#
    .SYNOPSIS
    A one-line description of a splat for the debug stream: parameter names with
    their values, SecureStrings and credentials shown as <secret>.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([hashtable] $Splat)

    $parts = foreach ($key in @($Splat.Keys | Sort-Object)) {
        $value = $Splat[$key]
        if ($value -is [System.Security.SecureString] -or $value -is [System.Management.Automation.PSCredential]) { $shown = '<secret>' }
        elseif ($null -eq $value) { $shown = '$null' }
        elseif ($value -is [array]) { $shown = '[' + (@($value | ForEach-Object { [string]$_ }) -join ', ') + ']' }
        else { $shown = [string]$value }
        '-{0} {1}' -f $key, $shown
    }
    @($parts) -join ' '
}
