function Test-LightningSyncRecipientFilter {
    <#
    .SYNOPSIS
    Checks an OPATH recipient filter offline, the way Exchange parses it.

    .DESCRIPTION
    Parses the filter you would pass to New-ManagementScope
    -RecipientRestrictionFilter and reports whether Exchange would accept it,
    every error with its 1-based position, and the canonical text Exchange
    stores for it. Nothing is sent to Exchange.

    A string is checked as it is; a script block's text is checked verbatim,
    without its braces, which is what New-ManagementScope receives.

    .PARAMETER RecipientFilter
    The filter, as a string or a script block. Accepts pipeline input: strings,
    script blocks, and objects with a RecipientRestrictionFilter or
    RecipientFilter property (Get-ManagementScope, Get-DynamicDistributionGroup).

    .PARAMETER Environment
    OnPremises (Exchange 2013 to Subscription Edition, the default) or ExchangeOnline.

    .EXAMPLE
    PS> Test-LightningSyncRecipientFilter -RecipientFilter "Department -eq 'Sales'"

    Returns IsValid True and the canonical form Exchange stores.

    .EXAMPLE
    PS> Test-LightningSyncRecipientFilter { Department -eq 'Sales' -and Office -eq 'Paris' }

    Checks a script-block filter verbatim.

    .EXAMPLE
    PS> 'Department -eq ''Sales''', 'Department -eq Sales' | Test-LightningSyncRecipientFilter | Where-Object { -not $_.IsValid }

    Finds the filters Exchange would reject.

    .EXAMPLE
    PS> Get-ManagementScope | Test-LightningSyncRecipientFilter

    Checks the filters of existing management scopes.

    .INPUTS
    System.String, System.Management.Automation.ScriptBlock, or an object with a
    RecipientRestrictionFilter or RecipientFilter property

    .OUTPUTS
    LightningSync.RecipientFilterTestResult
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

    begin {
        $environmentCode = Get-LightningSyncEnvironmentCode -Environment $Environment
    }

    process {
        try {
            $text = ConvertTo-LightningSyncFilterText -InputObject $RecipientFilter
        }
        catch {
            $PSCmdlet.WriteError($_)
            return
        }

        $compiled = $null
        try {
            $compiled = [LightningSync.Interop.CompiledFilter]::Compile($text, $environmentCode)
            $isValid = $compiled.IsValid
            $diagnostics = @(ConvertFrom-Json -InputObject $compiled.DiagnosticsJson())
            $normalized = $null
            if ($isValid) { $normalized = $compiled.Canonical() }
            $properties = @(ConvertFrom-Json -InputObject $compiled.PropertiesJson())
        }
        catch {
            $PSCmdlet.WriteError((New-LightningSyncErrorRecord -Exception $_.Exception -TargetObject $text))
            return
        }
        finally {
            if ($null -ne $compiled) { $compiled.Dispose() }
        }

        $errors = @(foreach ($d in $diagnostics) {
            if ($d.severity -eq 'Error') {
                [pscustomobject]@{ PSTypeName = 'LightningSync.FilterDiagnostic'; Code = $d.code; Message = $d.message; Hint = $d.hint; Position = $d.position }
            }
        })
        $warnings = @(foreach ($d in $diagnostics) {
            if ($d.severity -eq 'Warning') {
                [pscustomobject]@{ PSTypeName = 'LightningSync.FilterDiagnostic'; Code = $d.code; Message = $d.message; Hint = $d.hint; Position = $d.position }
            }
        })

        [pscustomobject]@{
            PSTypeName      = 'LightningSync.RecipientFilterTestResult'
            RecipientFilter = $text
            IsValid         = [bool]$isValid
            Errors          = $errors
            Warnings        = $warnings
            Normalized      = $normalized
            Properties      = [string[]]$properties
            Environment     = $Environment
        }
    }
}
