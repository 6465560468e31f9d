# The library's messages name Get-LightningSyncPlan's parameters. Where another
# cmdlet calls the same thing otherwise (or lacks it), its wording replaces them.
$script:LightningSyncParameterTexts = @{
    'New-LightningSyncServiceAccount' = @(
        , @('-OnExistingScope Update', '-UpdateExistingScope')
        , @('(or plan with -RemoveUnscopedGrants)', '(or see Get-LightningSyncPlan -RemoveUnscopedGrants)')
        , @('(-RemoveUnscopedGrants)', '(Get-LightningSyncPlan -RemoveUnscopedGrants)')
    )
}

function ConvertTo-LightningSyncCmdletText {
    <#
    .SYNOPSIS
    A library message worded with the public parameters of the cmdlet in use.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()] [AllowEmptyString()] [string] $Text,
        [string] $CommandName
    )

    if (-not $Text -or -not $CommandName -or -not $script:LightningSyncParameterTexts.ContainsKey($CommandName)) { return $Text }
    foreach ($pair in $script:LightningSyncParameterTexts[$CommandName]) {
        $Text = $Text.Replace($pair[0], $pair[1])
    }
    $Text
}
