[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSAvoidUsingConvertToSecureStringWithPlainText', '', Justification = 'Test password')]
param()

# Export-LightningSyncReport: the HTML audit report of the sample org, of emulated on-premises, Exchange Online
# and converged organizations, and of an org full of hostile values, checked in headless Chromium (the DOM it
# builds, its console, a screenshot that is not blank).

BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force

    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-report-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:Work
    $sample = Join-Path $PSScriptRoot '../../examples/sample-org'
    $script:SampleSnapshot = Join-Path $sample 'snapshot.xml'
    $script:SampleExports = @((Join-Path $sample 'users.xml'), (Join-Path $sample 'mailboxes.xml'))
    $script:Password = ConvertTo-SecureString 'Zq7#Kx!v9@Lm2%Rw8^Tb' -AsPlainText -Force

    $script:Chromium = $null
    foreach ($name in @('chromium', 'chromium-browser', 'google-chrome', 'chrome')) {
        $c = Get-Command -Name $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($c) { $script:Chromium = $c.Source; break }
    }

    # Loads a page in headless Chromium: the DOM it built, what it logged, a screenshot's size.
    function Invoke-Chromium([string]$Path, [switch]$Screenshot) {
        $uri = (New-Object -TypeName System.Uri -ArgumentList $Path).AbsoluteUri
        $profile = Join-Path $script:Work ('profile-' + [guid]::NewGuid().ToString('N'))
        $common = @('--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', "--user-data-dir=$profile", '--enable-logging=stderr', '--v=0')
        $log = Join-Path $script:Work 'chromium.log'
        $dom = (& $script:Chromium @common '--dump-dom' $uri 2> $log) -join "`n"
        $result = @{ Dom = $dom; Log = [System.IO.File]::ReadAllText($log); Png = $null }
        if ($Screenshot) {
            $png = [System.IO.Path]::ChangeExtension($Path, '.png')
            & $script:Chromium @common '--hide-scrollbars' '--window-size=1200,1800' "--screenshot=$png" $uri 2> $log | Out-Null
            $result.Png = $png
        }
        $result
    }

    function Get-Count([string]$Text, [string]$Pattern) { [regex]::Matches($Text, $Pattern).Count }

    # What the browser logged from the page: console messages, CSP refusals, uncaught errors.
    function Get-PageComplaint([string]$Log) {
        @($Log -split "`n" | Where-Object { $_ -match 'CONSOLE|Uncaught|Refused to|Content Security Policy|ERR_' })
    }

    function Initialize-Org([string]$Version = '2019') {
        Reset-ExchangeEmulator -Version $Version
        Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
        Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing'
        Add-EmulatorRecipient -Name 'Carol' -Department 'Sales' -RecipientTypeDetails 'SharedMailbox'
        Add-EmulatorRecipient -Name 'svc-sync' -UserPrincipalName 'svc-sync@contoso.com' -OrganizationalUnit 'contoso.com/Service Accounts'
    }
}

AfterAll {
    Remove-Module ExchangeEmulator -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Export-LightningSyncReport' {
    It 'writes the sample org''s report from its snapshot and recipient exports' {
        $path = Join-Path $script:Work 'sample.html'
        $file = Export-LightningSyncReport -Path $path -Snapshot $script:SampleSnapshot -RecipientPath $script:SampleExports -PassThru
        $file.FullName | Should -Be $path
        $html = [System.IO.File]::ReadAllText($path)
        $coverage = @(Test-LightningSyncServiceAccount -Snapshot $script:SampleSnapshot -Account 'svc-lightningsync' -Coverage)
        (Get-Count $html '<tr data-assignment>') | Should -Be $coverage.Count
        foreach ($code in 'UnscopedImpersonation', 'ScopeMatchesEveryone', 'OrphanedScope', 'LegacyAdPermission', 'DisabledAssignment') {
            $html | Should -Match "<span>$code</span>"
        }
        $html | Should -Match 'data-reach="\d+"'
        $html | Should -Match '<svg class="chart"'
    }

    It 'counts exactly the audit''s findings and assignments of a live org, for one account' {
        Initialize-Org
        New-LightningSyncServiceAccount -Identity 'svc-sync@contoso.com' -RecipientFilter "Department -eq 'Sales'" -SkipLegacyAdPermission -Confirm:$false | Out-Null
        Add-EmulatorRoleAssignment -Name 'Org-Wide-Imp' -Role ApplicationImpersonation -Assignee 'Bob'
        $findings = @(Test-LightningSyncServiceAccount -Account 'svc-sync@contoso.com')
        $coverage = @(Test-LightningSyncServiceAccount -Account 'svc-sync@contoso.com' -Coverage)
        $path = Join-Path $script:Work 'live.html'
        Export-LightningSyncReport -Path $path -Account 'svc-sync@contoso.com'
        $html = [System.IO.File]::ReadAllText($path)
        (Get-Count $html 'data-finding>') | Should -Be $findings.Count
        # One account: only its assignment is shown; it covers Alice and Carol (Sales) of the four mailboxes.
        (Get-Count $html '<section class="account"') | Should -Be 1
        (Get-Count $html '<tr data-assignment>') | Should -Be @($coverage | Where-Object IsServiceAccount).Count
        $html | Should -Match 'data-reach="2">2 <small>of 4 mailboxes'
        Export-LightningSyncReport -Path $path -Force
        (Get-Count ([System.IO.File]::ReadAllText($path)) '<tr data-assignment>') | Should -Be $coverage.Count
    }

    It 'shows a converged plan, and the pending steps of one that is not' {
        Initialize-Org
        $account = 'svc-sync@contoso.com'
        $pending = Get-LightningSyncPlan -Account $account -RecipientFilter "Department -eq 'Sales'" -SkipLegacyAdPermission
        $path = Join-Path $script:Work 'pending.html'
        $pending | Export-LightningSyncReport -Path $path -Account $account
        $html = [System.IO.File]::ReadAllText($path)
        (Get-Count $html '<li data-step>') | Should -Be @($pending.steps).Count
        $html | Should -Match 'New-ManagementScope'
        New-LightningSyncServiceAccount -Identity $account -RecipientFilter "Department -eq 'Sales'" -SkipLegacyAdPermission -Confirm:$false | Out-Null
        $converged = Get-LightningSyncPlan -Account $account -RecipientFilter "Department -eq 'Sales'" -SkipLegacyAdPermission
        $converged.converged | Should -BeTrue
        $converged | Export-LightningSyncReport -Path $path -Account $account -Force
        $html = [System.IO.File]::ReadAllText($path)
        $html | Should -Match 'Plan: converged'
        (Get-Count $html '<li data-step>') | Should -Be 0
    }

    It 'renders an Exchange Online organization with its application roles' {
        Reset-ExchangeEmulator -Version Online
        Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
        Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing'
        $objectId = '6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1'
        Add-EmulatorEntraApp -AppId 'c55d6177-918e-4745-96d3-1715194bc7e8' -ObjectId $objectId -DisplayName 'Salesforce EAC'
        New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -ServicePrincipalObjectId $objectId -RecipientFilter "Department -eq 'Sales'" -Confirm:$false | Out-Null
        $snapshot = Join-Path $script:Work 'online.clixml'
        Export-LightningSyncOrgSnapshot -Path $snapshot -Account 'Salesforce EAC' -IncludeRecipients | Out-Null
        $path = Join-Path $script:Work 'online.html'
        Export-LightningSyncReport -Path $path -Snapshot $snapshot
        $html = [System.IO.File]::ReadAllText($path)
        $html | Should -Match 'Exchange <b>Online</b>'
        (Get-Count $html '<tr data-assignment>') | Should -Be 2
        $html | Should -Match 'Application Calendars.ReadWrite'
        $html | Should -Match 'data-reach="1">1 <small>of 2 mailboxes'
    }

    It 'refuses to overwrite without -Force, names missing inputs, and writes nothing with -WhatIf' {
        $path = Join-Path $script:Work 'exists.html'
        Set-Content -LiteralPath $path -Value 'keep'
        { Export-LightningSyncReport -Path $path -Snapshot $script:SampleSnapshot -ErrorAction Stop } | Should -Throw -ErrorId 'LightningSync.ReportFileExists*'
        [System.IO.File]::ReadAllText($path).Trim() | Should -Be 'keep'
        $missing = Join-Path $script:Work 'none.clixml'
        $err = $null
        try { Export-LightningSyncReport -Path (Join-Path $script:Work 'x.html') -Snapshot $missing -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'LightningSync.SnapshotNotFound*'
        $err.Exception.Message | Should -BeLike "*$missing*"
        { Export-LightningSyncReport -Path (Join-Path $script:Work 'x.html') -Snapshot $script:SampleSnapshot -RecipientPath $missing -ErrorAction Stop } |
            Should -Throw -ErrorId 'LightningSync.ExportNotFound*'
        { Export-LightningSyncReport -Path (Join-Path $script:Work 'no/such/dir/x.html') -Snapshot $script:SampleSnapshot -ErrorAction Stop } |
            Should -Throw -ErrorId 'LightningSync.ReportFolderNotFound*'
        $bad = Join-Path $script:Work 'bad.xml'
        Set-Content -LiteralPath $bad -Value '<Objs><Obj'
        { Export-LightningSyncReport -Path (Join-Path $script:Work 'x.html') -Snapshot $script:SampleSnapshot -RecipientPath $bad -ErrorAction Stop } |
            Should -Throw -ErrorId 'LightningSync.ExportInvalid*'
        Export-LightningSyncReport -Path (Join-Path $script:Work 'whatif.html') -Snapshot $script:SampleSnapshot -WhatIf
        Test-Path (Join-Path $script:Work 'whatif.html') | Should -BeFalse
        Test-Path (Join-Path $script:Work 'x.html') | Should -BeFalse
    }
}

Describe 'The report in a real browser (headless Chromium)' {
    BeforeAll {
        # The hostile org: every name, filter value and probe field tries to break out of the page.
        $script:Hostile = @(
            '<script>alert(1)</script>'
            '"><img src=x onerror=alert(2)>'
            '</style><b id=injected>'
            "$([char]0x201C)quoted$([char]0x201D) $([char]0x2018)single$([char]0x2019)"
            "$([char]0x202E)rtl-override $([char]0x200F)mark"
            ('L' * 10000)
        )
        Reset-ExchangeEmulator -Version 2019
        Add-EmulatorRecipient -Name 'svc-sync' -UserPrincipalName 'svc-sync@contoso.com' -OrganizationalUnit 'contoso.com/Service Accounts'
        $i = 0
        foreach ($value in $script:Hostile) {
            $i++
            $name = "h$i " + $value.Substring(0, [Math]::Min(50, $value.Length))
            Add-EmulatorRecipient -Name ("user$i") -Department $value -Attributes @{ DisplayName = $value }
            Add-EmulatorManagementScope -Name $name -RecipientFilter ("Department -eq '" + $value.Replace("'", "''") + "'")
            Add-EmulatorRoleAssignment -Name ("a$i " + $value.Substring(0, [Math]::Min(40, $value.Length))) -Role ApplicationImpersonation -Assignee 'svc-sync' -CustomRecipientWriteScope $name
        }
        Add-EmulatorRoleAssignment -Name ('Org ' + $script:Hostile[1]) -Role ApplicationImpersonation -Assignee 'svc-sync'
        $script:HostileSnapshot = Join-Path $script:Work 'hostile.clixml'
        Export-LightningSyncOrgSnapshot -Path $script:HostileSnapshot -Account 'svc-sync@contoso.com' -IncludeRecipients | Out-Null
        $probes = @(foreach ($value in $script:Hostile) {
            [pscustomobject]@{ PSTypeName = 'LightningSync.ImpersonationResult'; Mailbox = $value; Success = $false; ResponseCode = $value; Meaning = $value; Fix = $value; Access = '' }
        })
        $script:HostilePage = Join-Path $script:Work 'hostile.html'
        Export-LightningSyncReport -Path $script:HostilePage -Snapshot $script:HostileSnapshot -ProbeResult $probes
        $script:SamplePage = Join-Path $script:Work 'sample-browser.html'
        Export-LightningSyncReport -Path $script:SamplePage -Snapshot $script:SampleSnapshot -RecipientPath $script:SampleExports -Force
        $script:BlankPage = Join-Path $script:Work 'blank.html'
        Set-Content -LiteralPath $script:BlankPage -Value '<!DOCTYPE html><html><body></body></html>'
    }

    It 'renders the sample org: sections present, counts equal to the audit, no console errors, not blank' {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'Chromium is not installed (.ci/run installs Debian''s chromium with apt-get)'; return }
        $page = Invoke-Chromium $script:SamplePage -Screenshot
        $html = [System.IO.File]::ReadAllText($script:SamplePage)
        foreach ($id in 'verdict', 'findings') { $page.Dom | Should -Match "id=`"$id`"" }
        $page.Dom | Should -Match '<footer>'
        (Get-Count $page.Dom 'data-finding=""') | Should -Be (Get-Count $html 'data-finding>')
        (Get-Count $page.Dom '<tr data-assignment="">') | Should -Be @(Test-LightningSyncServiceAccount -Snapshot $script:SampleSnapshot -Account 'svc-lightningsync' -Coverage).Count
        (Get-Count $page.Dom '<g data-bar="">') | Should -BeGreaterThan 0
        @(Get-PageComplaint $page.Log) | Should -BeNullOrEmpty
        $blank = Invoke-Chromium $script:BlankPage -Screenshot
        (Get-Item $page.Png).Length | Should -BeGreaterThan (4 * (Get-Item $blank.Png).Length)
    }

    It 'injects nothing from hostile values' {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'Chromium is not installed (.ci/run installs Debian''s chromium with apt-get)'; return }
        $page = Invoke-Chromium $script:HostilePage -Screenshot
        $dom = $page.Dom
        (Get-Count $dom '<script') | Should -Be 0
        (Get-Count $dom '<img') | Should -Be 0
        # An element whose tag carries an onerror attribute (the text '&lt;img src=x onerror=...' is fine).
        (Get-Count $dom '<[a-zA-Z][^>]*\sonerror\s*=') | Should -Be 0
        (Get-Count $dom 'id="injected"') | Should -Be 0
        (Get-Count $dom '<style>') | Should -Be 1
        # The values are there, as text.
        $dom | Should -Match ([regex]::Escape('&lt;script&gt;alert(1)&lt;/script&gt;'))
        $dom | Should -Match ([regex]::Escape('"&gt;&lt;img src=x onerror=alert(2)&gt;'))
        $dom | Should -Match ('L' * 10000)
        $findings = @(Test-LightningSyncServiceAccount -Snapshot $script:HostileSnapshot -Account 'svc-sync@contoso.com')
        (Get-Count $dom 'data-finding=""') | Should -Be $findings.Count
        (Get-Count $dom '<tr data-assignment="">') | Should -Be 7
        (Get-Count $dom '<tr data-probe="">') | Should -Be $script:Hostile.Count
        @(Get-PageComplaint $page.Log) | Should -BeNullOrEmpty
        (Get-Item $page.Png).Length | Should -BeGreaterThan 20000
    }
}
