# The recipient-filter cmdlets across the C ABI: Test-LightningSyncRecipientFilter,
# ConvertTo-LightningSyncRecipientFilter, Get-LightningSyncFilterableProperty, the
# completers, and the C# wrappers of the lsync_filter_* exports.
BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force

    # Evaluates $Filter against records (hashtables) with an engine (0 RBAC, 1 in-memory, 2 LDAP).
    function Invoke-FilterEvaluation([string] $Filter, [object[]] $Record, [int] $Engine = 0) {
        $compiled = [LightningSync.Interop.CompiledFilter]::Compile($Filter, 0)
        try {
            $json = ConvertTo-Json -InputObject @($Record) -Depth 4 -Compress
            @(ConvertFrom-Json -InputObject $compiled.EvaluateJson($json, $Engine) | ForEach-Object { $_.result })
        }
        finally {
            $compiled.Dispose()
        }
    }
}

Describe 'Test-LightningSyncRecipientFilter' {
    It 'accepts a valid filter and returns the canonical text' {
        $result = Test-LightningSyncRecipientFilter -RecipientFilter "department -eq 'Sales'"
        $result.PSObject.TypeNames[0] | Should -Be 'LightningSync.RecipientFilterTestResult'
        $result.IsValid | Should -BeTrue
        $result.Errors.Count | Should -Be 0
        $result.Normalized | Should -Be "Department -eq 'Sales'"
        $result.Properties | Should -Be @('Department')
    }

    It 'reports a bare-word value as invalid, with the position Exchange reports' {
        $result = Test-LightningSyncRecipientFilter -RecipientFilter 'Department -eq Sales'
        $result.IsValid | Should -BeFalse
        $result.Normalized | Should -BeNullOrEmpty
        $result.Errors[0].Position | Should -Be 16
        $result.Errors[0].Message | Should -Not -BeNullOrEmpty
    }

    It 'takes a script block verbatim, without its braces' {
        $result = Test-LightningSyncRecipientFilter -RecipientFilter { Department -eq 'Sales' -or Office -eq 'Paris' }
        $result.IsValid | Should -BeTrue
        $result.RecipientFilter | Should -Be " Department -eq 'Sales' -or Office -eq 'Paris' "
    }

    It 'keeps non-ASCII text intact across the ABI' {
        $result = Test-LightningSyncRecipientFilter -RecipientFilter "Department -eq 'Vertrieb Zürich ✓'"
        $result.Normalized | Should -Be "Department -eq 'Vertrieb Zürich ✓'"
    }

    It 'takes strings from the pipeline and by property name' {
        $results = @("Department -eq 'A'", 'Department -eq B' | Test-LightningSyncRecipientFilter)
        $results.Count | Should -Be 2
        $results[0].IsValid | Should -BeTrue
        $results[1].IsValid | Should -BeFalse
        $byName = [pscustomobject]@{ RecipientRestrictionFilter = "Office -eq 'Paris'" } | Test-LightningSyncRecipientFilter
        $byName.IsValid | Should -BeTrue
    }

    It 'writes an error record with an id for input that is not a filter' {
        { Test-LightningSyncRecipientFilter -RecipientFilter 42 -ErrorAction Stop } |
            Should -Throw -ErrorId 'LightningSync.FilterTypeInvalid*'
    }
}

Describe 'Test-LightningSyncRecipientFilter results' {
    It 'returns errors with Exchange''s wording, a code, a hint and a 1-based position' {
        $result = Test-LightningSyncRecipientFilter -RecipientFilter "Departmnet -eq 'Sales'"
        $result.IsValid | Should -BeFalse
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].PSObject.TypeNames[0] | Should -Be 'LightningSync.FilterDiagnostic'
        $result.Errors[0].Severity | Should -Be 'Error'
        $result.Errors[0].Code | Should -Be 'UnknownProperty'
        $result.Errors[0].Message | Should -BeLike '"Departmnet" is not a recognized filterable property.*at position 1.'
        $result.Errors[0].Hint | Should -Match 'Department'
        $result.Errors[0].Position | Should -Be 1
    }

    It 'shows the hint on the one-line form of a diagnostic, which the default display uses' {
        $result = Test-LightningSyncRecipientFilter -RecipientFilter "Departmnet -eq 'Sales'"
        "$($result.Errors[0])" | Should -BeLike "UnknownProperty at 1: *$($result.Errors[0].Hint)"
        ($result | Out-String -Width 400) | Should -BeLike "*$($result.Errors[0].Hint)*"
    }

    It 'names the supported alternative for an unsupported operator' {
        $result = Test-LightningSyncRecipientFilter -RecipientFilter "Department -match 'Sal'"
        $result.Errors[0].Code | Should -Be 'UnsupportedOperator'
        $result.Errors[0].Position | Should -Be 12
        $result.Errors[0].Hint | Should -Match '-like'
    }

    It 'rejects client variables by the remote-session rule and accepts $true, $false and $null' {
        $result = Test-LightningSyncRecipientFilter -RecipientFilter { Department -eq $dept }
        $result.IsValid | Should -BeFalse
        $result.Errors[0].Code | Should -Be 'VariableNotAllowed'
        $result.Errors[0].Hint | Should -Match 'null'
        (Test-LightningSyncRecipientFilter -RecipientFilter { Alias -ne $NULL -and HiddenFromAddressListsEnabled -eq $false }).IsValid | Should -BeTrue
    }

    It 'returns warnings for filters Exchange accepts but that probably match more than meant' {
        $result = Test-LightningSyncRecipientFilter -RecipientFilter "Department -ne 'Sales'"
        $result.IsValid | Should -BeTrue
        $result.Errors.Count | Should -Be 0
        $result.Warnings.Count | Should -BeGreaterOrEqual 1
        $warning = $result.Warnings | Where-Object Code -EQ 'NotEqualMatchesEmpty'
        $warning.Severity | Should -Be 'Warning'
        $warning.Position | Should -Be 12
        $warning.Hint | Should -Match '-ne \$null'
        (Test-LightningSyncRecipientFilter -RecipientFilter "Office -like 'Paris'").Warnings.Code | Should -Contain 'LikeWithoutWildcard'
        (Test-LightningSyncRecipientFilter -RecipientFilter "MemberOfGroup -eq 'CN=Sync, OU=Groups,DC=contoso,DC=com'").Warnings.Code | Should -Contain 'DnSpaceAfterComma'
        (Test-LightningSyncRecipientFilter -RecipientFilter "Department -eq 'Sales'").Warnings.Count | Should -Be 0
    }

    It 'applies the Exchange Online rules with -Environment ExchangeOnline' {
        $onPremises = Test-LightningSyncRecipientFilter -RecipientFilter "Department -like '*ales'"
        $online = Test-LightningSyncRecipientFilter -RecipientFilter "Department -like '*ales'" -Environment ExchangeOnline
        $onPremises.Environment | Should -Be 'OnPremises'
        $online.Environment | Should -Be 'ExchangeOnline'
        $onPremises.Warnings.Code | Should -Not -Contain 'LeadingWildcard'
        $online.Warnings.Code | Should -Contain 'LeadingWildcard'
        (Test-LightningSyncRecipientFilter "ExtensionCustomAttribute1 -eq 'x'" -Environment ExchangeOnline).Warnings.Code | Should -Contain 'PropertyNotInEnvironment'
        (Test-LightningSyncRecipientFilter "ExtensionCustomAttribute1 -eq 'x'").Warnings.Code | Should -Not -Contain 'PropertyNotInEnvironment'
    }

    It 'lists the properties in canonical spelling, in order of first use, once each' {
        $result = Test-LightningSyncRecipientFilter -RecipientFilter "office -eq 'A' -and (DEPARTMENT -eq 'B' -or Office -eq 'C')"
        $result.Properties | Should -Be @('Office', 'Department')
        $result.Normalized | Should -BeLike "*Office -eq 'A'*Department -eq 'B'*"
    }

    It 'takes script blocks and objects with a RecipientFilter property from the pipeline, in order' {
        $inputs = @(
            { Department -eq 'A' }
            "Department -eq 'B'"
            [pscustomobject]@{ Name = 'Scope'; RecipientFilter = "Department -eq 'C'" }
        )
        $results = @($inputs | Test-LightningSyncRecipientFilter)
        $results.Count | Should -Be 3
        $results.Normalized | Should -Be @("Department -eq 'A'", "Department -eq 'B'", "Department -eq 'C'")
    }

    It 'checks the scopes Get-ManagementScope returns' {
        Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force
        try {
            Reset-ExchangeEmulator -Version 2019
            New-ManagementScope -Name 'Sync users' -RecipientRestrictionFilter "Department -eq 'Sales'" | Out-Null
            $result = Get-ManagementScope -Identity 'Sync users' | Test-LightningSyncRecipientFilter
            $result.IsValid | Should -BeTrue
            $result.Properties | Should -Be @('Department')
        }
        finally {
            Remove-Module ExchangeEmulator -Force -ErrorAction SilentlyContinue
        }
    }

    It 'writes a non-terminating error per bad pipeline item and goes on with the rest' {
        $results = @("Department -eq 'A'", 42, "Department -eq 'B'" | Test-LightningSyncRecipientFilter -ErrorAction SilentlyContinue -ErrorVariable failures)
        $results.Count | Should -Be 2
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.FilterTypeInvalid*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'keeps the documented parameter binding: a script block argument stays a script block' {
        $parameter = (Get-Command Test-LightningSyncRecipientFilter).Parameters['RecipientFilter']
        $parameter.ParameterType | Should -Be ([object])
        $parameter.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -Not -Contain $true
    }

    It 'documents where the LDAP preview differs from the engine RBAC uses' {
        $help = Get-Help Test-LightningSyncRecipientFilter -Full | Out-String
        $help | Should -Match 'RecipientPreviewFilter'
        $help | Should -Match 'PrimarySmtpAddress'
        $help | Should -Match 'remote'
    }
}

Describe 'lsync_filter_evaluate through CompiledFilter.EvaluateJson' {
    It 'evaluates a batch of records in one call' {
        $records = @(
            @{ Department = 'Sales'; Office = 'Paris' }
            @{ department = 'Ops' }
            @{ }
        )
        Invoke-FilterEvaluation -Filter "Department -eq 'sales'" -Record $records | Should -Be @('Match', 'NoMatch', 'NoMatch')
    }

    It 'differs between the in-memory engine and LDAP where the help says: -ne on a multi-valued property' {
        $records = @(@{ EmailAddresses = @('smtp:a@contoso.com', 'SMTP:b@contoso.com') })
        Invoke-FilterEvaluation -Filter "EmailAddresses -ne 'smtp:a@contoso.com'" -Record $records -Engine 1 | Should -Be 'Match'
        Invoke-FilterEvaluation -Filter "EmailAddresses -ne 'smtp:a@contoso.com'" -Record $records -Engine 2 | Should -Be 'NoMatch'
    }

    It 'reports MemberOfGroup as not evaluable when the record does not carry the membership' {
        $compiled = [LightningSync.Interop.CompiledFilter]::Compile("MemberOfGroup -eq 'CN=G,DC=contoso,DC=com'", 0)
        try {
            $result = ConvertFrom-Json -InputObject $compiled.EvaluateJson('[{"Department":"Sales"}]', 0)
            $result.result | Should -Be 'NotEvaluable'
            $result.reason | Should -Match 'MemberOfGroup'
        }
        finally { $compiled.Dispose() }
    }

    It 'maps malformed records (status 101) to an error record with an id' {
        $compiled = [LightningSync.Interop.CompiledFilter]::Compile("Department -eq 'x'", 0)
        try {
            $exception = $null
            try { $null = $compiled.EvaluateJson('[1]', 0) } catch { $exception = $_.Exception }
            $exception | Should -Not -BeNullOrEmpty
            $exception.InnerException.Status | Should -Be 101
            $exception.InnerException.Message | Should -Match 'record 0'
            $record = & (Get-Module LightningSync) { param($e) Import-LightningSyncPrivateFunction; New-LightningSyncErrorRecord -Exception $e } $exception
            $record.FullyQualifiedErrorId | Should -Be 'LightningSync.FilterRecordsInvalid'
            $record.CategoryInfo.Category | Should -Be 'InvalidData'
        }
        finally { $compiled.Dispose() }
    }
}

Describe 'ConvertTo-LightningSyncRecipientFilter' {
    It 'joins values of one property with -or and properties with -and, in a fixed order' {
        $filter = ConvertTo-LightningSyncRecipientFilter -RecipientTypeDetails UserMailbox, SharedMailbox -Department Sales, Marketing -Office Paris
        $filter | Should -BeOfType [string]
        $filter | Should -BeExactly "(Department -eq 'Sales' -or Department -eq 'Marketing') -and Office -eq 'Paris' -and (RecipientTypeDetails -eq 'UserMailbox' -or RecipientTypeDetails -eq 'SharedMailbox')"
        (Test-LightningSyncRecipientFilter -RecipientFilter $filter).IsValid | Should -BeTrue
    }

    It 'uses -like for a leading or trailing * and canonical property names' {
        ConvertTo-LightningSyncRecipientFilter -CustomAttribute7 'SFDC*' -Company '*Contoso' |
            Should -BeExactly "Company -like '*Contoso' -and CustomAttribute7 -like 'SFDC*'"
        ConvertTo-LightningSyncRecipientFilter -Condition @{ stateorprovince = 'WA' } | Should -BeExactly "StateOrProvince -eq 'WA'"
    }

    It 'covers CustomAttribute1 to CustomAttribute15' {
        foreach ($n in 1..15) {
            $splat = @{ "CustomAttribute$n" = "v$n" }
            ConvertTo-LightningSyncRecipientFilter @splat | Should -BeExactly "CustomAttribute$n -eq 'v$n'"
        }
    }

    It 'keeps the order of an ordered -Condition and sorts a plain hashtable' {
        ConvertTo-LightningSyncRecipientFilter -Condition ([ordered]@{ Title = 'T'; City = 'C' }) | Should -BeExactly "Title -eq 'T' -and City -eq 'C'"
        ConvertTo-LightningSyncRecipientFilter -Condition @{ Title = 'T'; City = 'C' } | Should -BeExactly "City -eq 'C' -and Title -eq 'T'"
    }

    It 'quotes the hostile value <Label> so that it stays one literal value' -ForEach @(
        @{ Label = 'single quote'; Value = "O'Neil" }
        @{ Label = 'doubled single quotes'; Value = "''" }
        @{ Label = 'smart quotes U+2018 U+2019'; Value = "O$([char]0x2019)Neil $([char]0x2018)x$([char]0x2019)" }
        @{ Label = 'subexpression'; Value = '$(Remove-Item -Recurse C:\)' }
        @{ Label = 'variable'; Value = '$null' }
        @{ Label = 'backticks'; Value = 'a`''b`n`"c' }
        @{ Label = 'injection'; Value = "x' -or Alias -ne `$null -or Office -eq 'y" }
        @{ Label = 'double quotes and braces'; Value = '"}{"' }
        @{ Label = 'non-ASCII'; Value = "Z$([char]0x00FC)rich $([char]0x2713)" }
    ) {
        $filter = ConvertTo-LightningSyncRecipientFilter -Office $Value
        $filter | Should -BeExactly ("Office -eq '" + $Value.Replace("'", "''") + "'")
        $check = Test-LightningSyncRecipientFilter -RecipientFilter $filter
        $check.IsValid | Should -BeTrue
        $check.Errors.Count | Should -Be 0
        $check.Properties | Should -Be @('Office')
        Invoke-FilterEvaluation -Filter $filter -Record @(@{ Office = $Value }, @{ Office = 'y' }, @{ Office = 'other' }) |
            Should -Be @('Match', 'NoMatch', 'NoMatch')
    }

    It 'gives a filter the Exchange emulator accepts and stores as our normalized text' {
        Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force
        try {
            Reset-ExchangeEmulator -Version 2019
            $filter = ConvertTo-LightningSyncRecipientFilter -Department "O'Neil" -CustomAttribute1 'Sync*' -RecipientTypeDetails UserMailbox
            New-ManagementScope -Name 'Built' -RecipientRestrictionFilter $filter | Out-Null
            (Get-ManagementScope -Identity 'Built').RecipientFilter | Should -BeExactly (Test-LightningSyncRecipientFilter -RecipientFilter $filter).Normalized
        }
        finally {
            Remove-Module ExchangeEmulator -Force -ErrorAction SilentlyContinue
        }
    }

    It 'throws <Id> for <Label>' -ForEach @(
        @{ Label = 'an unknown property'; Arguments = @{ Condition = @{ Departmnet = 'x' } }; Pattern = 'Did you mean Department' }
        @{ Label = 'an unknown recipient type'; Arguments = @{ RecipientTypeDetails = 'Shared' } ; Pattern = 'Shared' }
        @{ Label = 'a group that is not a DN'; Arguments = @{ MemberOfGroup = 'Sync Users' }; Pattern = 'Sync Users' }
        @{ Label = 'an empty value'; Arguments = @{ Department = '' }; Pattern = 'empty value.*Department' }
        @{ Label = 'no condition'; Arguments = @{ }; Pattern = 'No condition' }
    ) {
        $Id = 'LightningSync.FilterConditionsInvalid'
        $caught = $null
        try { ConvertTo-LightningSyncRecipientFilter @Arguments } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $caught.Exception.Message | Should -Match $Pattern
    }

    It 'writes exactly one error record for a refused condition' {
        $failures = $null
        try { $null = ConvertTo-LightningSyncRecipientFilter -Office '' -ErrorVariable failures } catch { $null = $_ }
        # A terminating error lands in -ErrorVariable as the exception that carries the record.
        $failures.Count | Should -Be 1
        $failures[0].ErrorRecord.FullyQualifiedErrorId | Should -BeLike 'LightningSync.FilterConditionsInvalid,*'
    }

    It 'lists every problem in one error' {
        $caught = $null
        try { ConvertTo-LightningSyncRecipientFilter -Condition ([ordered]@{ Departmnet = 'x'; Ofice = 'y' }) } catch { $caught = $_ }
        $caught.Exception.Message | Should -Match 'Departmnet'
        $caught.Exception.Message | Should -Match 'Ofice'
    }
}

Describe 'Get-LightningSyncFilterableProperty' {
    BeforeAll {
        $script:All = @(Get-LightningSyncFilterableProperty)
        $script:CatalogJson = @(ConvertFrom-Json -InputObject ([LightningSync.Interop.RecipientFilterCheck]::CatalogJson()))
    }

    It 'returns the whole native catalog, sorted by name, as typed objects' {
        $script:All.Count | Should -Be $script:CatalogJson.Count
        $script:All.Count | Should -BeGreaterOrEqual 273
        $script:All[0].PSObject.TypeNames[0] | Should -Be 'LightningSync.FilterableProperty'
        @($script:All.Name) | Should -Be @($script:CatalogJson.name)
        @($script:All.Name) | Should -Be @($script:All.Name | Sort-Object)
    }

    It 'gives type, enum values and flags' {
        $rtd = Get-LightningSyncFilterableProperty -Name recipienttypedetails
        $rtd.Name | Should -BeExactly 'RecipientTypeDetails'
        $rtd.Type | Should -Be 'Enum'
        $rtd.Flags | Should -BeTrue
        $rtd.Values | Should -Contain 'SharedMailbox'
        $rtd.Calculated | Should -BeTrue
        $group = Get-LightningSyncFilterableProperty -Name MemberOfGroup
        $group.FilterOnly | Should -BeTrue
        $department = Get-LightningSyncFilterableProperty -Name Department
        $department.Type | Should -Be 'String'
        $department.Values.Count | Should -Be 0
        (Get-LightningSyncFilterableProperty -Name EmailAddresses).MultiValued | Should -BeTrue
    }

    It 'takes wildcards and several names, returning each property once' {
        $names = @(Get-LightningSyncFilterableProperty -Name 'CustomAttribute*', 'customattribute1', 'Department' | ForEach-Object Name)
        $names.Count | Should -Be 16
        $names | Should -Contain 'CustomAttribute15'
        $names | Should -Contain 'Department'
        @('Office', 'Company' | Get-LightningSyncFilterableProperty).Name | Should -Be @('Office', 'Company')
        @(Get-LightningSyncFilterableProperty -Name 'NoSuch*').Count | Should -Be 0
    }

    It 'writes LightningSync.FilterPropertyNotFound naming the closest properties' {
        $found = @(Get-LightningSyncFilterableProperty -Name 'Departmnet', 'Office' -ErrorAction SilentlyContinue -ErrorVariable failures)
        $found.Name | Should -Be @('Office')
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'LightningSync.FilterPropertyNotFound*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].Exception.Message | Should -Match 'Did you mean Department'
    }

    It 'lists only names the filter engine accepts' {
        foreach ($property in $script:All) {
            $result = Test-LightningSyncRecipientFilter -RecipientFilter "$($property.Name) -ne `$null"
            $result.Errors.Count | Should -Be 0 -Because "$($property.Name) is in the catalog"
            $result.Properties | Should -Be @($property.Name)
        }
    }
}

Describe 'Argument completers' {
    BeforeAll {
        function Get-Completion([string] $Line) {
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
        }
    }

    It 'completes property names for Get-LightningSyncFilterableProperty -Name, prefix matches first' {
        $matches = Get-Completion 'Get-LightningSyncFilterableProperty -Name depart'
        $matches.Count | Should -BeGreaterOrEqual 1
        $matches[0].CompletionText | Should -BeExactly 'Department'
        $matches[0].ToolTip | Should -Match 'String'
        $custom = Get-Completion 'Get-LightningSyncFilterableProperty -Name CustomAttr'
        @($custom.CompletionText | Where-Object { $_ -like 'CustomAttribute*' }).Count | Should -Be 15
    }

    It 'offers names containing the text after those starting with it, all from the catalog' {
        $matches = Get-Completion 'Get-LightningSyncFilterableProperty -Name Attribute1'
        $matches.CompletionText | Should -Contain 'CustomAttribute1'
        $names = @(Get-LightningSyncFilterableProperty).Name
        foreach ($m in $matches) { $names | Should -Contain $m.CompletionText }
    }

    It 'completes nothing for text no property contains' {
        (Get-Completion 'Get-LightningSyncFilterableProperty -Name Zzqx').Count | Should -Be 0
    }

    It 'matches text with wildcards as a pattern' {
        $matches = Get-Completion 'Get-LightningSyncFilterableProperty -Name Custom*15'
        @($matches.CompletionText) | Should -Be @('CustomAttribute15')
    }

    It 'completes in a fresh shell right after the import, before any LightningSync command has run' {
        $shell = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source
        if ($PSVersionTable.PSEdition -eq 'Desktop') { $shell = Join-Path $PSHOME 'powershell.exe' }
        $line = 'ConvertTo-LightningSyncRecipientFilter -RecipientTypeDetails UserM'
        $text = & $shell -NoProfile -NonInteractive -Command "Import-Module '$env:LIGHTNINGSYNC_MODULE_MANIFEST'; (TabExpansion2 -inputScript '$line' -cursorColumn $($line.Length)).CompletionMatches.CompletionText; `$Error.Count" 2>&1
        @($text | ForEach-Object { "$_" }) | Should -Be @('UserMailbox', 'RemoteUserMailbox', '0')
    }

    It 'completes recipient types for ConvertTo-LightningSyncRecipientFilter -RecipientTypeDetails' {
        $matches = Get-Completion 'ConvertTo-LightningSyncRecipientFilter -RecipientTypeDetails SharedM'
        $matches[0].CompletionText | Should -BeExactly 'SharedMailbox'
        $values = (Get-LightningSyncFilterableProperty -Name RecipientTypeDetails).Values
        foreach ($m in $matches) { $values | Should -Contain $m.CompletionText }
    }
}
