function ConvertTo-LightningSyncFilterConditionJson {
    <#
    .SYNOPSIS
    Serializes builder conditions (hashtables with Property and Values) to the
    JSON array lsync_filter_build takes: [{"property": "...", "values": ["..."]}].
    Values are converted to text with the invariant culture; $null becomes an
    empty string, which the library reports as invalid.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [AllowEmptyCollection()]
        [object[]] $Condition
    )

    $parts = foreach ($c in $Condition) {
        $values = foreach ($v in @($c.Values)) {
            $text = ''
            if ($null -ne $v) { $text = [System.Convert]::ToString($v, [System.Globalization.CultureInfo]::InvariantCulture) }
            [LightningSync.Interop.RecipientFilterCheck]::JsonString($text)
        }
        '{"property":' + [LightningSync.Interop.RecipientFilterCheck]::JsonString([string]$c.Property) + ',"values":[' + (@($values) -join ',') + ']}'
    }
    '[' + (@($parts) -join ',') + ']'
}
