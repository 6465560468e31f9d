# Get-LightningSyncScopePreview against a pure-PowerShell evaluation
# (Import-Clixml | Where-Object) over the bundled sample org.
BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    $script:Org = Join-Path $PSScriptRoot '../../examples/sample-org'
    $script:UsersFile = (Resolve-Path (Join-Path $script:Org 'users.xml')).ProviderPath
    $script:MailboxesFile = (Resolve-Path (Join-Path $script:Org 'mailboxes.xml')).ProviderPath
    $script:Users = @(Import-Clixml -Path $script:UsersFile)
    $script:Mailboxes = @(Import-Clixml -Path $script:MailboxesFile)
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("lsync-preview-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null

    function Get-SortedDn([object[]] $Items) {
        @($Items | ForEach-Object { [string]$_.DistinguishedName } | Sort-Object)
    }
}

AfterAll {
    if ($script:Work -and (Test-Path $script:Work)) { Remove-Item -Recurse -Force $script:Work }
}

Describe 'Get-LightningSyncScopePreview over the sample org equals Import-Clixml | Where-Object' {
    It '<Filter>' -TestCases @(
        @{ Filter = "Department -eq 'Sales'"; Where = { $_.Department -eq 'Sales' } }
        @{ Filter = "Department -ne 'Sales'"; Where = { $_.Department -ne 'Sales' } }
        @{ Filter = "Department -like 'Sales*'"; Where = { $_.Department -like 'Sales*' } }
        @{ Filter = "Department -eq 'Sales & Marketing'"; Where = { $_.Department -eq 'Sales & Marketing' } }
        @{ Filter = "Department -eq 'Sales' -or Department -eq 'Legal'"; Where = { $_.Department -eq 'Sales' -or $_.Department -eq 'Legal' } }
        @{ Filter = "-not (Department -eq 'Sales')"; Where = { -not ($_.Department -eq 'Sales') } }
        @{ Filter = "Office -eq 'Munich' -and RecipientTypeDetails -eq 'UserMailbox'"; Where = { $_.Office -eq 'Munich' -and $_.RecipientTypeDetails -eq 'UserMailbox' } }
        @{ Filter = "City -eq 'München'"; Where = { $_.City -eq 'München' } }
        @{ Filter = "Title -like '*Manager*'"; Where = { $_.Title -like '*Manager*' } }
        @{ Filter = "RecipientTypeDetails -eq 'DisabledUser'"; Where = { $_.RecipientTypeDetails -eq 'DisabledUser' } }
        @{ Filter = "Department -eq 'Engineering' -and -not (Title -eq 'Engineer')"; Where = { $_.Department -eq 'Engineering' -and -not ($_.Title -eq 'Engineer') } }
    ) {
        param($Filter, $Where)
        $expected = Get-SortedDn @($script:Users | Where-Object $Where)
        $actual = @(Get-LightningSyncScopePreview -RecipientFilter $Filter -Path $script:UsersFile -WarningAction SilentlyContinue)
        $expected.Count | Should -BeGreaterThan 0
        (Get-SortedDn $actual) | Should -Be $expected
        $actual[0].PSObject.TypeNames[0] | Should -Be 'LightningSync.ScopePreviewMatch'
    }

    It 'filters the UTF-16 Get-Mailbox export on CustomAttribute1' {
        $expected = Get-SortedDn @($script:Mailboxes | Where-Object { $_.CustomAttribute1 -eq 'SyncEnabled' })
        $actual = @(Get-LightningSyncScopePreview "CustomAttribute1 -eq 'SyncEnabled'" -Path $script:MailboxesFile)
        (Get-SortedDn $actual) | Should -Be $expected
        $actual[0].PrimarySmtpAddress | Should -Not -BeNullOrEmpty
        $actual[0].Values.CustomAttribute1 | Should -Be 'SyncEnabled'
    }

    It 'carries each used value as the export has it: one value a string, several an array, an absent property $null' {
        $filter = "EmailAddresses -like 'smtp:*' -and (Department -eq 'Sales' -or Department -ne 'Sales')"
        $actual = @(Get-LightningSyncScopePreview $filter -Path $script:MailboxesFile -WarningAction SilentlyContinue)
        $actual.Count | Should -Be $script:Mailboxes.Count
        $byDn = @{}
        foreach ($m in $script:Mailboxes) { $byDn[[string]$m.DistinguishedName] = $m }
        $several = @($actual | Where-Object { @($byDn[$_.DistinguishedName].EmailAddresses).Count -gt 1 })
        $several.Count | Should -BeGreaterThan 0
        foreach ($match in $actual) {
            $expected = @($byDn[$match.DistinguishedName].EmailAddresses | ForEach-Object { [string]$_ })
            if ($expected.Count -eq 1) { $match.Values.EmailAddresses | Should -BeOfType [string] }
            else { , $match.Values.EmailAddresses | Should -BeOfType [string[]] }
            @($match.Values.EmailAddresses) | Should -Be $expected
            $match.Values.PSObject.Properties['Department'] | Should -Not -BeNullOrEmpty
            $match.Values.Department | Should -BeNullOrEmpty
        }
        $actual[0].Index | Should -BeOfType [long]
        $actual[0].ToString() | Should -Be $actual[0].Name
        ($actual | Select-Object -First 1 -Property Name, UserPrincipalName).PSObject.Properties.Name | Should -Be @('Name', 'UserPrincipalName')
    }

    It 'merges a Get-User and a Get-Mailbox export by Guid to filter Department and CustomAttribute1 together' {
        $byGuid = @{}
        foreach ($m in $script:Mailboxes) { $byGuid[[string]$m.Guid] = $m }
        $expected = Get-SortedDn @($script:Users | Where-Object {
            $m = $byGuid[[string]$_.Guid]
            $_.Department -eq 'Sales' -and $null -ne $m -and $m.CustomAttribute1 -eq 'SyncEnabled'
        })
        $filter = "Department -eq 'Sales' -and CustomAttribute1 -eq 'SyncEnabled'"
        $actual = @(Get-LightningSyncScopePreview $filter -Path $script:UsersFile, $script:MailboxesFile -WarningAction SilentlyContinue)
        (Get-SortedDn $actual) | Should -Be $expected
        $summary = Get-LightningSyncScopePreview $filter -Path $script:UsersFile, $script:MailboxesFile -Summary -WarningAction SilentlyContinue
        $summary.PSObject.TypeNames[0] | Should -Be 'LightningSync.ScopePreviewSummary'
        $summary.Matched | Should -Be $expected.Count
        $summary.Total | Should -Be $script:Users.Count
        $summary.Merged | Should -Be $script:Mailboxes.Count
        $summary.Sources.Count | Should -Be 2
        ($summary.Sources | Where-Object Encoding -eq 'Utf16Le').Records | Should -Be $script:Mailboxes.Count
        ($summary.ByRecipientTypeDetails | Measure-Object -Property Total -Sum).Sum | Should -Be $summary.Total
    }

    It 'gives the same answer for the same export written with -Encoding Unicode' {
        $utf16 = Join-Path $script:Work 'users-utf16.xml'
        $script:Users | Export-Clixml -Path $utf16 -Encoding Unicode
        $a = Get-LightningSyncScopePreview "Department -like 'S*'" -Path $script:UsersFile -Summary
        $b = Get-LightningSyncScopePreview "Department -like 'S*'" -Path $utf16 -Summary
        $b.Matched | Should -Be $a.Matched
        $b.Total | Should -Be $a.Total
        $b.Sources[0].Encoding | Should -Be 'Utf16Le'
    }
}

Describe 'Get-LightningSyncScopePreview with pipeline input' {
    It 'takes deserialized objects in batches and agrees with the file preview' {
        $expected = Get-SortedDn @($script:Users | Where-Object { $_.Department -eq 'Sales' })
        $verbose = @($script:Users | Get-LightningSyncScopePreview -RecipientFilter "Department -eq 'Sales'" -BatchSize 37 -Verbose 4>&1)
        $matches = @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        (Get-SortedDn $matches) | Should -Be $expected
        $batches = [math]::Ceiling($script:Users.Count / 37)
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -BeLike "*in $batches batch(es)*"
        $matches[0].Index | Should -BeOfType [long]
        $script:Users[$matches[0].Index].DistinguishedName | Should -Be $matches[0].DistinguishedName
    }

    It 'takes live .NET objects with typed values (enums, lists, dates)' {
        if (-not ('LightningSyncTest.LiveRecipient' -as [type])) {
            Add-Type -TypeDefinition @'
namespace LightningSyncTest {
    public enum RecipientTypeDetails { UserMailbox = 1, SharedMailbox = 4 }
    public class LiveRecipient {
        public string Name { get; set; }
        public string DistinguishedName { get; set; }
        public RecipientTypeDetails RecipientTypeDetails { get; set; }
        public System.Collections.Generic.List<string> EmailAddresses { get; set; }
        public bool HiddenFromAddressListsEnabled { get; set; }
    }
}
'@
        }
        $live = foreach ($i in 1..5) {
            $r = New-Object LightningSyncTest.LiveRecipient
            $r.Name = "live$i"
            $r.DistinguishedName = "CN=live$i,DC=x"
            $r.RecipientTypeDetails = if ($i % 2) { 'SharedMailbox' } else { 'UserMailbox' }
            $r.EmailAddresses = [System.Collections.Generic.List[string]]@("SMTP:live$i@contoso.com", "smtp:l$i@contoso.com")
            $r.HiddenFromAddressListsEnabled = ($i -eq 5)
            $r
        }
        $shared = @($live | Get-LightningSyncScopePreview "RecipientTypeDetails -eq 'SharedMailbox' -and HiddenFromAddressListsEnabled -eq `$false" -BatchSize 2)
        $shared.Name | Should -Be @('live1', 'live3')
        $shared[0].PrimarySmtpAddress | Should -Be 'live1@contoso.com'
        $byAddress = @($live | Get-LightningSyncScopePreview "EmailAddresses -eq 'smtp:l4@contoso.com'")
        $byAddress.Name | Should -Be 'live4'
    }

    It 'takes Get-User output of the Exchange emulator' {
        Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force
        try {
            Reset-ExchangeEmulator -Version 2019
            Add-EmulatorRecipient -Name 'Alice Preview' -Department 'Sales'
            Add-EmulatorRecipient -Name 'Bob Preview' -Department 'Legal'
            $users = @(Get-User -ResultSize Unlimited)
            $expected = @($users | Where-Object { $_.Department -eq 'Sales' } | ForEach-Object { [string]$_.Name } | Sort-Object)
            $actual = @($users | Get-LightningSyncScopePreview "Department -eq 'Sales'" -WarningAction SilentlyContinue | ForEach-Object { [string]$_.Name } | Sort-Object)
            $actual | Should -Be $expected
            $actual | Should -Contain 'Alice Preview'
        }
        finally {
            Remove-Module ExchangeEmulator -ErrorAction SilentlyContinue
        }
    }

    It 'warns when nothing or everything matches' {
        $none = @($script:Users | Get-LightningSyncScopePreview "Department -eq 'No such department'" -WarningVariable w1 -WarningAction SilentlyContinue)
        $none.Count | Should -Be 0
        $w1 -join ' ' | Should -BeLike '*matches none*'
        $all = @(Get-LightningSyncScopePreview "Name -like '*'" -Path $script:UsersFile -WarningVariable w2 -WarningAction SilentlyContinue)
        $all.Count | Should -Be $script:Users.Count
        $w2 -join ' ' | Should -BeLike '*matches all*'
        Get-LightningSyncScopePreview "Department -eq 'Sales'" -Path $script:MailboxesFile -WarningVariable w3 -WarningAction SilentlyContinue | Out-Null
        $w3 -join ' ' | Should -BeLike "*property 'Department'*"
    }
}

Describe 'Get-LightningSyncScopePreview default views' {
    It 'shows a match as name, type, address and the values the filter used' {
        $filter = "Department -eq 'Sales' -and CustomAttribute1 -like '*Sync*'"
        $match = @(Get-LightningSyncScopePreview -RecipientFilter $filter -Path $script:UsersFile, $script:MailboxesFile -WarningAction SilentlyContinue)[0]
        $lines = @(($match | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Name\s+RecipientTypeDetails\s+Address\s+Values\s*$'
        $expected = '{0}; {1}' -f "CustomAttribute1=$($match.Values.CustomAttribute1)", "Department=$($match.Values.Department)"
        $lines[2] | Should -BeLike "*$($match.PrimarySmtpAddress)*$expected*"
    }

    It 'shows the UserPrincipalName as the address of a recipient without a PrimarySmtpAddress' {
        $match = @(Get-LightningSyncScopePreview -RecipientFilter "Department -eq 'Sales'" -Path $script:UsersFile -WarningAction SilentlyContinue |
            Where-Object { -not $_.PrimarySmtpAddress -and $_.UserPrincipalName })[0]
        $match | Should -Not -BeNullOrEmpty
        $lines = @(($match | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[2] | Should -Match ('\s' + [regex]::Escape($match.RecipientTypeDetails) + '\s+' + [regex]::Escape($match.UserPrincipalName) + '\s+Department=Sales\s*$')
    }

    It 'says which used property a match does not carry' {
        $match = @(Get-LightningSyncScopePreview -RecipientFilter "Department -eq 'Sales' -or CustomAttribute1 -eq 'x'" -Path $script:UsersFile -WarningAction SilentlyContinue)[0]
        ($match | Out-String -Width 200) | Should -BeLike '*CustomAttribute1=(not set); Department=Sales*'
    }

    It 'shows the summary breakdowns one line each' {
        $summary = Get-LightningSyncScopePreview -RecipientFilter "Department -eq 'Sales' -or CustomAttribute1 -eq 'x'" -Path $script:UsersFile -Summary -WarningAction SilentlyContinue
        $text = $summary | Out-String -Width 200
        foreach ($t in $summary.ByRecipientTypeDetails) {
            $text | Should -Match ([regex]::Escape(('{0}: {1} of {2}' -f $t.RecipientTypeDetails, $t.Matched, $t.Total)))
        }
        $text | Should -Match ([regex]::Escape("CustomAttribute1: $($summary.Total) record(s) without it"))
        $text | Should -Match ([regex]::Escape("$($script:UsersFile) (Clixml, Utf8): $($summary.Total) record(s)"))
        $summary.Properties.Count | Should -Be 2
        $text | Should -Match ('Properties\s+: ' + [regex]::Escape($summary.Properties -join ', '))
    }
}

Describe 'The README''s main-job script (examples/Invoke-SampleAudit.ps1)' {
    It 'checks the filters, previews the scope, plans, audits and writes the report of the sample org' {
        $script = Join-Path $PSScriptRoot '../../examples/Invoke-SampleAudit.ps1'
        $report = Join-Path $script:Work 'main-job-report.html'
        # The shell running the tests: powershell.exe in Windows PowerShell,
        # pwsh (which $PSHOME holds even for the .NET tool) in PowerShell 7.
        if ($PSVersionTable.PSEdition -eq 'Desktop') { $shell = Join-Path $PSHOME 'powershell.exe' }
        elseif ($IsWindows) { $shell = Join-Path $PSHOME 'pwsh.exe' }
        else { $shell = Join-Path $PSHOME 'pwsh' }
        $output = & $shell -NoProfile -NonInteractive -File $script -ReportPath $report 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0
        $summary = Get-LightningSyncScopePreview -RecipientFilter "Department -eq 'Sales'" -Path $script:UsersFile, $script:MailboxesFile -Summary
        $summary.Matched | Should -BeGreaterThan 0
        $output | Should -Match ('Matched\s+: ' + $summary.Matched + '\b')
        # Long errors wrap onto indented lines: join them before matching.
        $flat = $output -replace '\r?\n {2,}', ''
        $flat | Should -Match "InvalidSyntax at 16: .*Quote the value: 'Sales'"
        $flat | Should -Match 'UnsupportedOperator at 12: .*Use -like'
        # The plan, the audit and the report.
        $output | Should -Match 'CreateScope\s+LightningSync-svc-lightningsync'
        $output | Should -Match 'Critical\s+UnscopedImpersonation'
        $output | Should -Match ('Report: ' + [regex]::Escape($report))
        $html = [System.IO.File]::ReadAllText($report)
        $html | Should -Match '<section id="plan"'
        $html | Should -Match 'ScopeMatchesEveryone'
    }
}

Describe 'Get-LightningSyncScopePreview errors' {
    It 'names the file and the byte offset of a malformed export' {
        $bad = Join-Path $script:Work 'bad.xml'
        $text = [System.IO.File]::ReadAllText($script:UsersFile)
        $cut = $text.Substring(0, [int]($text.Length / 2))
        [System.IO.File]::WriteAllText($bad, $cut, [System.Text.UTF8Encoding]::new($false))
        $err = $null
        try { Get-LightningSyncScopePreview "Department -eq 'Sales'" -Path $bad -ErrorAction Stop }
        catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'LightningSync.ExportInvalid*'
        $err.Exception.Message | Should -BeLike "*$bad*byte offset*expected*"
        $err.Exception.Position | Should -BeGreaterThan 0
    }

    It 'refuses an invalid filter and a missing file with ids' {
        { Get-LightningSyncScopePreview 'Department -eq Sales' -Path $script:UsersFile -ErrorAction Stop } |
            Should -Throw -ErrorId 'LightningSync.FilterInvalid*'
        { Get-LightningSyncScopePreview "Department -eq 'Sales'" -Path (Join-Path $script:Work 'none.xml') -ErrorAction Stop } |
            Should -Throw -ErrorId 'LightningSync.ExportNotFound*'
        { @([pscustomobject]@{ Department = 'x' }) | Get-LightningSyncScopePreview 'Department -eq' -ErrorAction Stop } |
            Should -Throw -ErrorId 'LightningSync.FilterInvalid*'
    }
}
