function Get-LightningSyncFilterCompletion {
    <#
    .SYNOPSIS
    Completion results for a filterable property name (no -EnumProperty) or for
    the values of an enum property (-EnumProperty RecipientTypeDetails), from
    the native catalog. Names starting with the typed text come first, then
    names containing it; the text may hold wildcards.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.CompletionResult])]
    param(
        [AllowEmptyString()]
        [AllowNull()]
        [string] $WordToComplete,

        [string] $EnumProperty
    )

    $word = ''
    if ($null -ne $WordToComplete) { $word = $WordToComplete.Trim().Trim("'", '"') }
    $catalog = @(Get-LightningSyncFilterCatalog)

    if ($EnumProperty) {
        $property = $catalog | Where-Object { $_.Name -eq $EnumProperty } | Select-Object -First 1
        if ($null -eq $property) { return }
        $candidates = @(foreach ($value in $property.Values) {
            @{ Text = $value; Tip = "$($property.Name) value" }
        })
    }
    else {
        $candidates = @(foreach ($p in $catalog) {
            $tip = $p.Type
            if ($p.MultiValued) { $tip += ', multi-valued' }
            if ($p.FilterOnly) { $tip += ', filter-only' }
            if ($p.Calculated) { $tip += ', calculated' }
            @{ Text = $p.Name; Tip = $tip }
        })
    }

    if ([System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($word)) {
        $pattern = [System.Management.Automation.WildcardPattern]::new($word, [System.Management.Automation.WildcardOptions]::IgnoreCase)
        $matched = @($candidates | Where-Object { $pattern.IsMatch($_.Text) })
    }
    else {
        $prefix = @($candidates | Where-Object { $_.Text.StartsWith($word, [System.StringComparison]::OrdinalIgnoreCase) })
        $inner = @($candidates | Where-Object {
            -not $_.Text.StartsWith($word, [System.StringComparison]::OrdinalIgnoreCase) -and
            $_.Text.IndexOf($word, [System.StringComparison]::OrdinalIgnoreCase) -ge 0
        })
        $matched = $prefix + $inner
    }
    foreach ($m in $matched) {
        [System.Management.Automation.CompletionResult]::new($m.Text, $m.Text, [System.Management.Automation.CompletionResultType]::ParameterValue, $m.Tip)
    }
}
