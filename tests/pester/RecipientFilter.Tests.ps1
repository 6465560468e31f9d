# Test-LightningSyncRecipientFilter across the C ABI.
BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
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
