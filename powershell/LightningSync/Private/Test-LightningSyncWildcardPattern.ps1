function Test-LightningSyncWildcardPattern {
    <#
    .SYNOPSIS
    True when PowerShell can match with the wildcard pattern: every [ that is
    not escaped with a backtick has a closing ] after at least one character.
    Checked by scanning, not by matching, so an invalid pattern leaves no
    caught exception in the caller's $Error or -ErrorVariable.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [Parameter(Mandatory)]
        [AllowEmptyString()]
        [string] $Pattern
    )

    $i = 0
    while ($i -lt $Pattern.Length) {
        $c = $Pattern[$i]
        if ($c -eq '`') { $i += 2; continue }
        if ($c -eq '[') {
            if ($i + 2 -gt $Pattern.Length) { return $false }
            $close = $Pattern.IndexOf(']', $i + 2)
            if ($close -lt 0) { return $false }
            $i = $close + 1
            continue
        }
        $i++
    }
    $true
}
