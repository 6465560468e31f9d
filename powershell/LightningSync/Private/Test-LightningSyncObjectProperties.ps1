function Test-LightningSyncObjectProperties {
    <#
    .SYNOPSIS
    True when the object has every property value given (compared as text, case
    insensitively; a multi-valued property matches when one of its values or all
    of them joined with ', ' match). No properties: always true.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [AllowNull()] [object] $InputObject,
        [AllowNull()] [object] $Properties
    )

    if ($null -eq $Properties) { return $true }
    if ($null -eq $InputObject) { return $false }
    foreach ($wanted in @($Properties.PSObject.Properties)) {
        $property = $InputObject.PSObject.Properties[$wanted.Name]
        if ($null -eq $property) { return $false }
        $expected = @($wanted.Value | ForEach-Object { [string]$_ }) -join ', '
        $actual = $property.Value
        $texts = @()
        if ($actual -is [System.Collections.IEnumerable] -and -not ($actual -is [string])) {
            $texts = @($actual | ForEach-Object { [string]$_ })
            $texts += ($texts -join ', ')
        }
        else {
            $texts = @([string]$actual)
        }
        $hit = $false
        foreach ($text in $texts) {
            if ([string]::Equals($text, $expected, [System.StringComparison]::OrdinalIgnoreCase)) { $hit = $true; break }
        }
        if (-not $hit) { return $false }
    }
    $true
}
