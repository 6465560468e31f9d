function ConvertTo-LightningSyncRecipientFilter {
    <#
    .SYNOPSIS
    Builds a correctly quoted OPATH recipient filter from property values.

    .DESCRIPTION
    The safe way for scripts to make a -RecipientRestrictionFilter: give the
    values, get the filter text. Every value is put in single quotes with any
    ' doubled, so a value is never read as filter syntax: O'Neil, smart quotes
    (U+2018, U+2019), $(...), backticks and operators inside a value stay
    literal text. The result is compiled by the LightningSync library before it
    is returned, so Exchange accepts it: unknown properties, enum values that do
    not exist, and DNs that are not DNs are errors here, not in Exchange.

    Several values of one parameter are joined with -or; different parameters
    with -and:
    -Department Sales, Marketing -Office Paris gives
    (Department -eq 'Sales' -or Department -eq 'Marketing') -and Office -eq 'Paris'.
    A value that starts or ends with * is compared with -like (prefix or suffix
    match; '*' alone matches any recipient that has a value), any other value
    with -eq. A * inside a value is a literal character.

    A filter that would match no recipient is an error, not a result: a
    property given twice (-Department Sales -Condition @{ Department = 'HR' }),
    an empty value, a control character (NUL, line break) in a value, or a
    value that is not a string (a hashtable, a nested list). A
    comma-separated list of recipient types ('UserMailbox,SharedMailbox')
    becomes one comparison per type.

    Custom attributes are separate parameters, -CustomAttribute1 to
    -CustomAttribute15, like Exchange's own -ConditionalCustomAttribute1..15 on
    New-DynamicDistributionGroup: each one tab-completes, has its own help and
    reads the same in a script as the property in the filter. Any other
    filterable property goes in -Condition.

    Use the output as a value, not as pasted text: pass it in a variable
    (New-ManagementScope -RecipientRestrictionFilter $filter). Pasted into a
    double-quoted PowerShell string, $(...) and backticks in values would be
    expanded by PowerShell before Exchange sees them; pasted into a
    single-quoted PowerShell string, ' and the smart quotes U+2018/U+2019 would
    have to be doubled again.

    .PARAMETER Department
    Department values (exact, or with a leading/trailing * for -like).

    .PARAMETER Company
    Company values.

    .PARAMETER Office
    Office values (the Office attribute, physicalDeliveryOfficeName).

    .PARAMETER CustomAttribute1
    Values of CustomAttribute1 (Exchange's ExtensionAttribute1); several are joined with -or.

    .PARAMETER CustomAttribute2
    Values of CustomAttribute2 (Exchange's ExtensionAttribute2); several are joined with -or.

    .PARAMETER CustomAttribute3
    Values of CustomAttribute3 (Exchange's ExtensionAttribute3); several are joined with -or.

    .PARAMETER CustomAttribute4
    Values of CustomAttribute4 (Exchange's ExtensionAttribute4); several are joined with -or.

    .PARAMETER CustomAttribute5
    Values of CustomAttribute5 (Exchange's ExtensionAttribute5); several are joined with -or.

    .PARAMETER CustomAttribute6
    Values of CustomAttribute6 (Exchange's ExtensionAttribute6); several are joined with -or.

    .PARAMETER CustomAttribute7
    Values of CustomAttribute7 (Exchange's ExtensionAttribute7); several are joined with -or.

    .PARAMETER CustomAttribute8
    Values of CustomAttribute8 (Exchange's ExtensionAttribute8); several are joined with -or.

    .PARAMETER CustomAttribute9
    Values of CustomAttribute9 (Exchange's ExtensionAttribute9); several are joined with -or.

    .PARAMETER CustomAttribute10
    Values of CustomAttribute10 (Exchange's ExtensionAttribute10); several are joined with -or.

    .PARAMETER CustomAttribute11
    Values of CustomAttribute11 (Exchange's ExtensionAttribute11); several are joined with -or.

    .PARAMETER CustomAttribute12
    Values of CustomAttribute12 (Exchange's ExtensionAttribute12); several are joined with -or.

    .PARAMETER CustomAttribute13
    Values of CustomAttribute13 (Exchange's ExtensionAttribute13); several are joined with -or.

    .PARAMETER CustomAttribute14
    Values of CustomAttribute14 (Exchange's ExtensionAttribute14); several are joined with -or.

    .PARAMETER CustomAttribute15
    Values of CustomAttribute15 (Exchange's ExtensionAttribute15); several are joined with -or.

    .PARAMETER MemberOfGroup
    Distinguished names of groups whose direct members match, e.g.
    'CN=Lightning Sync Users,OU=Groups,DC=contoso,DC=com'. A name, GUID or
    address is rejected: Exchange accepts it but it never matches. Nested and
    dynamic groups are not expanded by Exchange.

    .PARAMETER RecipientTypeDetails
    Recipient types, e.g. UserMailbox, SharedMailbox (tab-completes the
    values). Several are joined with -or, one comparison per type, because a
    combined value ('UserMailbox,SharedMailbox') matches nothing in the engine
    RBAC uses.

    .PARAMETER Condition
    Any other filterable property: a hashtable of property name to one value or
    an array of values, e.g. @{ StateOrProvince = 'WA'; Title = 'Manager', 'Director' }.
    Keys are checked against Get-LightningSyncFilterableProperty. Conditions of
    an ordered dictionary ([ordered]@{...}) keep their order; otherwise they
    are sorted by property name so the output is stable.

    .PARAMETER Environment
    OnPremises (default) or ExchangeOnline: the rules the result is checked
    against.

    .EXAMPLE
    PS> ConvertTo-LightningSyncRecipientFilter -Department Sales

    Department -eq 'Sales'

    .EXAMPLE
    PS> ConvertTo-LightningSyncRecipientFilter -Company "O'Neil & Sons" -RecipientTypeDetails UserMailbox, SharedMailbox

    Company -eq 'O''Neil & Sons' -and (RecipientTypeDetails -eq 'UserMailbox' -or RecipientTypeDetails -eq 'SharedMailbox')

    .EXAMPLE
    PS> ConvertTo-LightningSyncRecipientFilter -CustomAttribute7 'SFDC*' -MemberOfGroup 'CN=Sync Users,OU=Groups,DC=contoso,DC=com'

    CustomAttribute7 -like 'SFDC*' -and MemberOfGroup -eq 'CN=Sync Users,OU=Groups,DC=contoso,DC=com'

    .EXAMPLE
    PS> $filter = ConvertTo-LightningSyncRecipientFilter -Condition @{ StateOrProvince = 'WA' } -Office Seattle
    PS> New-ManagementScope -Name 'Lightning Sync' -RecipientRestrictionFilter $filter

    Builds the filter and passes it to Exchange in a variable.

    .INPUTS
    None

    .OUTPUTS
    System.String
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter()]
        [string[]] $Department,

        [Parameter()]
        [string[]] $Company,

        [Parameter()]
        [string[]] $Office,

        [Parameter()]
        [string[]] $CustomAttribute1,

        [Parameter()]
        [string[]] $CustomAttribute2,

        [Parameter()]
        [string[]] $CustomAttribute3,

        [Parameter()]
        [string[]] $CustomAttribute4,

        [Parameter()]
        [string[]] $CustomAttribute5,

        [Parameter()]
        [string[]] $CustomAttribute6,

        [Parameter()]
        [string[]] $CustomAttribute7,

        [Parameter()]
        [string[]] $CustomAttribute8,

        [Parameter()]
        [string[]] $CustomAttribute9,

        [Parameter()]
        [string[]] $CustomAttribute10,

        [Parameter()]
        [string[]] $CustomAttribute11,

        [Parameter()]
        [string[]] $CustomAttribute12,

        [Parameter()]
        [string[]] $CustomAttribute13,

        [Parameter()]
        [string[]] $CustomAttribute14,

        [Parameter()]
        [string[]] $CustomAttribute15,

        [Parameter()]
        [string[]] $MemberOfGroup,

        [Parameter()]
        # The compiled completer, named inside a script block so that binding
        # never needs the interop type (imported without its manifest, the
        # first call then says LightningSync.InteropNotLoaded).
        [ArgumentCompleter({ param($Command, $Parameter, $Word, $Ast, $Bound)
                [LightningSync.Interop.FilterCatalogCompleter]::new().CompleteArgument($Command, $Parameter, $Word, $Ast, $Bound) })]
        [string[]] $RecipientTypeDetails,

        [Parameter()]
        [System.Collections.IDictionary] $Condition,

        [ValidateSet('OnPremises', 'ExchangeOnline')]
        [string] $Environment = 'OnPremises'
    )

    Import-LightningSyncPrivateFunction
    Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0

    $conditions = New-Object System.Collections.Generic.List[object]
    $named = @('Department', 'Company', 'Office') + @(1..15 | ForEach-Object { "CustomAttribute$_" }) + @('MemberOfGroup', 'RecipientTypeDetails')
    foreach ($name in $named) {
        if ($PSCmdlet.MyInvocation.BoundParameters.ContainsKey($name)) {
            $conditions.Add(@{ Property = $name; Values = @($PSCmdlet.MyInvocation.BoundParameters[$name]) })
        }
    }
    if ($PSCmdlet.MyInvocation.BoundParameters.ContainsKey('Condition') -and $null -ne $Condition) {
        $keys = @($Condition.Keys)
        if (-not ($Condition -is [System.Collections.Specialized.OrderedDictionary])) {
            $keys = @($keys | Sort-Object -Property { [string]$_ })
        }
        foreach ($key in $keys) {
            $invalid = Get-LightningSyncFilterConditionValueError -Property ([string]$key) -Value @($Condition[$key]) -Source '-Condition'
            if ($null -ne $invalid) { $PSCmdlet.ThrowTerminatingError($invalid) }
            $conditions.Add(@{ Property = [string]$key; Values = @($Condition[$key]) })
        }
    }

    $json = ConvertTo-LightningSyncFilterConditionJson -Condition $conditions.ToArray()
    $filter = $null
    $failure = $null
    if (-not [LightningSync.Interop.RecipientFilterCheck]::TryBuild($json, (Get-LightningSyncEnvironmentCode -Environment $Environment), [ref] $filter, [ref] $failure)) {
        $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $failure -TargetObject $conditions.ToArray()))
    }
    $filter
}
