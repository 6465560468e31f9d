function Get-LightningSyncFilterableProperty {
    <#
    .SYNOPSIS
    Lists the recipient properties an OPATH filter can use, with their types,
    enum values and flags.

    .DESCRIPTION
    Returns the catalog the LightningSync filter engine checks filters against
    (the properties Exchange accepts in -RecipientRestrictionFilter and
    -RecipientFilter), sorted by name. For each property: its value Type and
    its type in Exchange (DotNetType), the LDAP attribute (none for calculated
    properties), whether it
    is multi-valued, where wildcards are allowed, whether it is calculated,
    filter-only (MemberOfGroup, Members: not readable from a recipient) or
    Exchange-server-only, whether Microsoft documents it, the enum Values (and
    whether they combine as Flags), and notes.

    -Name tab-completes property names.

    .PARAMETER Name
    Property names to return; wildcards allowed (*Attribute*). Letter case is
    ignored. A name without wildcards that is not a filterable property is an
    error (LightningSync.FilterPropertyNotFound) naming the closest properties.
    Default: every property.

    .EXAMPLE
    PS> Get-LightningSyncFilterableProperty -Name RecipientTypeDetails | Select-Object -ExpandProperty Values

    Lists the recipient types a filter can compare with.

    .EXAMPLE
    PS> Get-LightningSyncFilterableProperty -Name CustomAttribute*, Department | Format-Table Name, Type, MultiValued, Wildcards

    Shows the custom attributes and Department.

    .EXAMPLE
    PS> Get-LightningSyncFilterableProperty | Where-Object FilterOnly

    The filter-only properties, which the engine RBAC uses cannot evaluate in memory.

    .INPUTS
    System.String (property names)

    .OUTPUTS
    LightningSync.FilterableProperty

    .LINK
    Test-LightningSyncRecipientFilter

    .LINK
    ConvertTo-LightningSyncRecipientFilter
    #>
    [CmdletBinding()]
    [OutputType('LightningSync.FilterableProperty')]
    param(
        [Parameter(Position = 0, ValueFromPipeline)]
        [SupportsWildcards()]
        [ValidateNotNullOrEmpty()]
        # The compiled completer, named inside a script block so that binding
        # never needs the interop type (imported without its manifest, the
        # first call then says LightningSync.InteropNotLoaded).
        [ArgumentCompleter({ param($Command, $Parameter, $Word, $Ast, $Bound)
                [LightningSync.Interop.FilterCatalogCompleter]::new().CompleteArgument($Command, $Parameter, $Word, $Ast, $Bound) })]
        [string[]] $Name = '*'
    )

    begin {
        Import-LightningSyncPrivateFunction
        Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0
        try {
            $catalog = @(Get-LightningSyncFilterCatalog)
        }
        catch {
            $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $_.Exception))
        }
        $seen = New-Object 'System.Collections.Generic.HashSet[string]' ([System.StringComparer]::OrdinalIgnoreCase)
    }

    process {
        foreach ($pattern in $Name) {
            if (-not (Test-LightningSyncWildcardPattern -Pattern $pattern)) {
                $message = "'$pattern' is not a valid wildcard pattern: a [ opens a character range that needs its ]. Use * and ? as wildcards; to match [ or ] literally, write ``[ and ``]."
                $PSCmdlet.WriteError((New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.FilterPropertyPatternInvalid' -Category InvalidArgument -TargetObject $pattern))
                continue
            }
            $wildcard = [System.Management.Automation.WildcardPattern]::new($pattern, [System.Management.Automation.WildcardOptions]::IgnoreCase)
            $found = $false
            foreach ($property in $catalog) {
                if ($wildcard.IsMatch($property.Name)) {
                    $found = $true
                    if ($seen.Add($property.Name)) { $property }
                }
            }
            if (-not $found -and -not [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($pattern)) {
                $message = Get-LightningSyncPropertySuggestion -Name $pattern
                $PSCmdlet.WriteError((New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.FilterPropertyNotFound' -Category ObjectNotFound -TargetObject $pattern))
            }
        }
    }
}
