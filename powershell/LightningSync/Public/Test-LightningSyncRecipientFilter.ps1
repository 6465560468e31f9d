function Test-LightningSyncRecipientFilter {
    <#
    .SYNOPSIS
    Checks an OPATH recipient filter offline, the way Exchange parses it.

    .DESCRIPTION
    Parses the filter you would pass to New-ManagementScope
    -RecipientRestrictionFilter and reports whether Exchange would accept it,
    every error with its 1-based position (Exchange's wording plus a fix hint),
    warnings about filters Exchange accepts but that probably do not do what
    was meant, the canonical text Exchange stores for it, and the properties it
    uses. Nothing is sent to Exchange.

    A string is checked as it is; a script block's text is checked verbatim,
    without its braces, which is what New-ManagementScope receives.

    Errors (IsValid is False) are filters Exchange rejects. Warnings include:
    -ne also matching recipients with an empty value, -like without a wildcard,
    a DN with spaces after its commas, a filter that matches every recipient or
    none, properties that only some recipient types carry, and properties that
    behave differently in Exchange Online. Each warning has a Code, a Message,
    a Hint and a Position.

    Variables (remote-session rule): in a remote PowerShell session and in
    Exchange Online the filter is parsed on the server, where your variables
    do not exist. A filter such as { Department -eq $dept } is therefore
    compared with $null there and silently turns into "Department is empty".
    This cmdlet applies that rule always: any variable other than $true,
    $false and $null is an error (code VariableNotAllowed). Put the value in
    the filter text instead, for example with ConvertTo-LightningSyncRecipientFilter.

    .PARAMETER RecipientFilter
    The filter, as a string or a script block. Accepts pipeline input: strings,
    script blocks, and objects with a RecipientRestrictionFilter or
    RecipientFilter property (Get-ManagementScope, Get-DynamicDistributionGroup).

    .PARAMETER Environment
    OnPremises (Exchange 2013 to Subscription Edition, the default) or
    ExchangeOnline. Exchange Online discourages leading wildcards and carries
    some properties differently; the warnings say where.

    .EXAMPLE
    PS> Test-LightningSyncRecipientFilter -RecipientFilter "department -eq 'Sales'"

    Returns IsValid True, Normalized "Department -eq 'Sales'" (the canonical
    form Exchange stores) and Properties Department.

    .EXAMPLE
    PS> Test-LightningSyncRecipientFilter { Department -eq 'Sales' -and Office -eq 'Paris' }

    Checks a script-block filter verbatim.

    .EXAMPLE
    PS> (Test-LightningSyncRecipientFilter 'Department -eq Sales').Errors | Format-List Message, Hint, Position

    Shows why Exchange rejects a bare-word value, at position 16, and how to fix it.

    .EXAMPLE
    PS> (Test-LightningSyncRecipientFilter "Department -ne 'Sales'").Warnings.Code

    NotEqualMatchesEmpty: the filter also matches every recipient whose
    Department is empty.

    .EXAMPLE
    PS> 'Department -eq ''Sales''', 'Department -eq Sales' | Test-LightningSyncRecipientFilter | Where-Object { -not $_.IsValid }

    Finds the filters Exchange would reject.

    .EXAMPLE
    PS> Get-ManagementScope | Test-LightningSyncRecipientFilter -Environment ExchangeOnline

    Checks the filters of existing management scopes (their RecipientFilter
    property) with the Exchange Online rules.

    .INPUTS
    System.String, System.Management.Automation.ScriptBlock, or an object with a
    RecipientRestrictionFilter or RecipientFilter property

    .OUTPUTS
    LightningSync.RecipientFilterTestResult: RecipientFilter (the text checked),
    IsValid, Errors and Warnings (LightningSync.FilterDiagnostic: Severity,
    Code, Message, Hint, Position), Normalized (null when invalid), Properties
    (canonical names in order of first use), Environment.

    .NOTES
    Where Exchange's LDAP-based preview differs from the engine RBAC uses.

    Get-Recipient -RecipientPreviewFilter, dynamic distribution groups, address
    lists and email address policies translate the filter to an LDAP query.
    RBAC decides whether a mailbox is inside a management scope (and so whether
    ApplicationImpersonation may open it) with an in-memory evaluator instead.
    The two disagree in these cases, so a preview can list mailboxes the
    service account cannot impersonate, or miss some it can:

    - -ne on a multi-valued property (EmailAddresses -ne 'smtp:a@contoso.com'):
      in memory true when any value differs; in LDAP true when no value equals.
    - PrimarySmtpAddress -eq <a secondary address>: false in memory; true in
      LDAP, which matches any SMTP proxy address.
    - RecipientTypeDetails -eq 'UserMailbox,SharedMailbox': in memory the flags
      must match exactly, so it matches nothing; LDAP matches either type.
    - -like on an enum or other non-text property: in memory a string match on
      the value's text; in LDAP an error.
    - MemberOfGroup and Members (filter-only properties): the in-memory engine
      cannot evaluate them, so RBAC falls back to LDAP for that filter: direct
      membership only, nested and dynamic groups never match.
    - A * inside a value (not at either end) is a literal character in both.

    Test-LightningSyncRecipientFilter checks the syntax and typing common to
    both engines. LightningSync evaluates recipients the way RBAC does
    (in memory, switching to LDAP rules only for MemberOfGroup and Members),
    see Get-LightningSyncScopePreview. Do not rely on Get-Recipient
    -RecipientPreviewFilter alone to check an impersonation scope.

    Variables in a local Exchange Management Shell: there, a variable in a
    script-block filter is looked up on the local machine and may work, but
    the same filter fails silently in a remote session or Exchange Online.
    LightningSync applies the remote-session rule everywhere so that a filter
    that passes here works in every session.

    .LINK
    ConvertTo-LightningSyncRecipientFilter

    .LINK
    Get-LightningSyncFilterableProperty

    .LINK
    Get-LightningSyncScopePreview
    #>
    [CmdletBinding()]
    [OutputType('LightningSync.RecipientFilterTestResult')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [AllowEmptyString()]
        [Alias('Filter', 'RecipientRestrictionFilter')]
        [object] $RecipientFilter,

        [ValidateSet('OnPremises', 'ExchangeOnline')]
        [string] $Environment = 'OnPremises'
    )

    # No begin block and no helper calls on the common path: each costs more
    # per call than the native check itself (tests/bench/RecipientFilter.Bench.ps1).
    process {
        $environmentCode = 0
        if ($Environment -eq 'ExchangeOnline') { $environmentCode = 1 }
        $text = $RecipientFilter
        if (-not ($text -is [string])) {
            $text = ConvertTo-LightningSyncFilterText -InputObject $RecipientFilter -NullWhenUnknown
            if ($null -eq $text) {
                $PSCmdlet.WriteError((New-LightningSyncFilterTypeError -InputObject $RecipientFilter))
                return
            }
        }
        try {
            [LightningSync.Interop.RecipientFilterCheck]::Test($text, $environmentCode)
        }
        catch {
            $PSCmdlet.WriteError((New-LightningSyncErrorRecord -Exception $_.Exception -TargetObject $text))
        }
    }
}
