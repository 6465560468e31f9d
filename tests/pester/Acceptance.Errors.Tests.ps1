[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
param()

# The errors an admin meets, through the public cmdlets (issue 13 items 10-12):
# no filter that silently matches nobody, a readable LightningSync.* error for
# junk, empty, truncated and mis-encoded exports (file, byte offset, likely
# cause), module errors instead of raw .NET ones for missing or wrong paths, and
# internal probes that leave nothing in the caller's $Error or -ErrorVariable.
# Test names start with "<Cmdlet>/<ParameterSet>:" (see Acceptance.Coverage.Tests.ps1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Acceptance.Fixture.ps1')
    Start-AcceptanceSuite

    # The error record a terminating error of $Script carries, or $null.
    function Get-AcceptanceError([scriptblock] $Script) {
        try { & $Script | Out-Null; $null }
        catch { $_ }
    }

    # Broken exports, each as a file in the working folder.
    $clixml = '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0"><TN RefId="0"><T>Deserialized.Microsoft.Exchange.Data.Directory.Management.User</T></TN><MS><S N="Name">Ann</S><S N="Notes">Long notes about Ann</S><S N="Department">Sales</S></MS></Obj></Objs>'
    $script:Broken = @{}
    function Add-Broken([string] $Name, [byte[]] $Bytes) {
        $path = Join-Path $script:WorkDir $Name
        [System.IO.File]::WriteAllBytes($path, $Bytes)
        $script:Broken[$Name] = $path
    }
    $utf8 = New-Object System.Text.UTF8Encoding($false)
    Add-Broken 'empty.xml' ([byte[]]@())
    Add-Broken 'junk.xml' ([byte[]](0..511 | ForEach-Object { [byte](($_ * 151 + 7) % 256) }))
    Add-Broken 'corrupt.xml' ($utf8.GetBytes(($clixml -replace '<S N="Department">Sales</S>', '<S N="Department">Sales</X>')))
    Add-Broken 'truncated.xml' ($utf8.GetBytes($clixml.Substring(0, $clixml.IndexOf('about Ann'))))
    Add-Broken 'utf16-no-bom.xml' ([System.Text.Encoding]::Unicode.GetBytes($clixml))
    Add-Broken 'ansi.csv' ([byte[]]($utf8.GetBytes("Name,Office`nAnn,Caf") + [byte]0xE9 + $utf8.GetBytes("`n")))
}

AfterAll {
    Stop-AcceptanceSuite
}

Describe 'Item 10: ConvertTo-LightningSyncRecipientFilter builds no filter that matches nobody' {
    BeforeAll { Initialize-AcceptanceOrg }

    It 'ConvertTo-LightningSyncRecipientFilter/__AllParameterSets: turns a list of recipient types into one comparison per type, covering both types' {
        $filter = ConvertTo-LightningSyncRecipientFilter -RecipientTypeDetails 'UserMailbox,SharedMailbox' -Department Sales
        $filter | Should -Be "Department -eq 'Sales' -and (RecipientTypeDetails -eq 'UserMailbox' -or RecipientTypeDetails -eq 'SharedMailbox')"
        @(Get-Recipient -ResultSize Unlimited | Get-LightningSyncScopePreview -RecipientFilter $filter | ForEach-Object Name | Sort-Object) | Should -Be @('Alice', 'Support')
    }

    It 'ConvertTo-LightningSyncRecipientFilter/__AllParameterSets: reads a lone * by the help''s wildcard rule (any value)' {
        $filter = ConvertTo-LightningSyncRecipientFilter -Department '*'
        $filter | Should -Be "Department -like '*'"
        @(Get-User -ResultSize Unlimited | Get-LightningSyncScopePreview -RecipientFilter $filter).Count | Should -Be 5
    }

    It 'ConvertTo-LightningSyncRecipientFilter/__AllParameterSets: refuses <Case> with an error naming <Names>' -ForEach @(
        @{ Case = 'a property given as a parameter and in -Condition'; Arguments = @{ Department = 'Sales'; Condition = @{ Department = 'HR' } }; Id = 'LightningSync.FilterConditionsInvalid'; Names = '*Department*twice*-or*' }
        @{ Case = 'a NUL character'; Arguments = @{ Department = "Sa$([char]0)les" }; Id = 'LightningSync.FilterConditionsInvalid'; Names = '*Department*U+0000*' }
        @{ Case = 'a hashtable as a value'; Arguments = @{ Condition = @{ Title = @{ a = 1 } } }; Id = 'LightningSync.FilterConditionValueInvalid'; Names = '*Title*-Condition*Hashtable*' }
        @{ Case = 'a nested list as a value'; Arguments = @{ Condition = @{ Title = @('Manager', @('a', 'b')) } }; Id = 'LightningSync.FilterConditionValueInvalid'; Names = '*Title*' }
        @{ Case = 'a combined type number'; Arguments = @{ RecipientTypeDetails = '6' }; Id = 'LightningSync.FilterConditionsInvalid'; Names = '*RecipientTypeDetails*combines*' }
    ) {
        $problem = Get-AcceptanceError { ConvertTo-LightningSyncRecipientFilter @Arguments }
        $problem | Should -Not -BeNullOrEmpty
        $problem.FullyQualifiedErrorId | Should -BeLike "$Id,ConvertTo-LightningSyncRecipientFilter"
        $problem.Exception.Message | Should -BeLike $Names
    }
}

Describe 'Item 11: broken exports give a readable LightningSync error naming file, byte offset and likely cause' {
    It 'Import-LightningSyncRecipient/__AllParameterSets: <File> gives <Id> at byte <Offset> with <Cause>' -ForEach @(
        @{ File = 'empty.xml'; Id = 'LightningSync.ExportInvalid'; Offset = '0'; Cause = '*empty file*Likely cause*' }
        @{ File = 'junk.xml'; Id = 'LightningSync.ExportInvalid'; Offset = '0'; Cause = '*not a text file*control byte*Likely cause*' }
        @{ File = 'corrupt.xml'; Id = 'LightningSync.ExportInvalid'; Offset = '*'; Cause = '*expected ?</S>?, found ?</X>?.*Likely cause*' }
        @{ File = 'truncated.xml'; Id = 'LightningSync.ExportInvalid'; Offset = '*'; Cause = '*truncated*found end of file*Likely cause*cut short*' }
        @{ File = 'utf16-no-bom.xml'; Id = 'LightningSync.ExportEncodingUnsupported'; Offset = '0'; Cause = '*byte-order mark*UTF-16 little-endian*Likely cause*' }
        @{ File = 'ansi.csv'; Id = 'LightningSync.ExportEncodingUnsupported'; Offset = '*'; Cause = '*not UTF-8*Windows-1252*Likely cause*' }
    ) {
        $path = $script:Broken[$File]
        $read = @(Import-LightningSyncRecipient -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue)
        $read.Count | Should -Be 0
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike "$Id,Import-LightningSyncRecipient"
        $message = $problems[0].Exception.Message
        $message | Should -BeLike "*'$path'*byte offset $Offset*"
        $message | Should -BeLike $Cause
        $message | Should -Not -Match 'found expected|skipped element'
    }

    It 'Import-LightningSyncRecipient/__AllParameterSets: a folder is LightningSync.ExportIsFolder showing how to read the files in it' {
        $folder = Join-Path $script:WorkDir 'exports'
        $read = @(Import-LightningSyncRecipient -Path $folder -ErrorVariable problems -ErrorAction SilentlyContinue)
        $read.Count | Should -Be 0
        @($problems | ForEach-Object FullyQualifiedErrorId) | Should -Be @('LightningSync.ExportIsFolder,Import-LightningSyncRecipient')
        $problems[0].Exception.Message | Should -BeLike "*'$folder' is a folder*Get-ChildItem*Import-LightningSyncRecipient*"
    }

    It 'Get-LightningSyncScopePreview/Path: a folder is LightningSync.ExportIsFolder' {
        $problem = Get-AcceptanceError { Get-LightningSyncScopePreview -RecipientFilter "Department -eq 'Sales'" -Path (Join-Path $script:WorkDir 'exports') }
        $problem.FullyQualifiedErrorId | Should -BeLike 'LightningSync.ExportIsFolder,*'
    }

    It 'Get-LightningSyncScopePreview/Path: <File> is an error naming the file and the byte offset, not an empty preview' -ForEach @(
        @{ File = 'empty.xml' }, @{ File = 'junk.xml' }, @{ File = 'corrupt.xml' }, @{ File = 'truncated.xml' }, @{ File = 'utf16-no-bom.xml' }, @{ File = 'ansi.csv' }
    ) {
        $path = $script:Broken[$File]
        $problem = Get-AcceptanceError { Get-LightningSyncScopePreview -RecipientFilter "Department -eq 'Sales'" -Path $path -Summary }
        $problem | Should -Not -BeNullOrEmpty
        $problem.FullyQualifiedErrorId | Should -BeLike 'LightningSync.Export*'
        $problem.Exception.Message | Should -BeLike "*'$path'*byte offset*Likely cause*"
        $problem.Exception.Message | Should -Not -Match 'found expected|skipped element'
    }
}

Describe 'Item 12: module errors instead of raw .NET errors, and probes that leave nothing behind' {
    It 'Get-LightningSyncPlan/Snapshot: a missing snapshot is LightningSync.SnapshotNotFound naming the file and how to write one' {
        $missing = Join-Path $script:WorkDir 'missing.clixml'
        $problem = Get-AcceptanceError { Get-LightningSyncPlan -Snapshot $missing -Account $script:AccountUpn -RecipientFilter "Department -eq 'Sales'" }
        $problem.FullyQualifiedErrorId | Should -Be 'LightningSync.SnapshotNotFound,Get-LightningSyncPlan'
        $problem.Exception.Message | Should -BeLike "*'$missing'*Export-LightningSyncOrgSnapshot*"
    }

    It 'Test-LightningSyncServiceAccount/Snapshot: a missing snapshot or a folder is LightningSync.SnapshotNotFound' {
        $missing = Join-Path $script:WorkDir 'missing.clixml'
        (Get-AcceptanceError { Test-LightningSyncServiceAccount -Snapshot $missing -Account $script:AccountUpn }).FullyQualifiedErrorId |
            Should -Be 'LightningSync.SnapshotNotFound,Test-LightningSyncServiceAccount'
        $folder = Get-AcceptanceError { Test-LightningSyncServiceAccount -Snapshot $script:WorkDir -Account $script:AccountUpn }
        $folder.FullyQualifiedErrorId | Should -Be 'LightningSync.SnapshotNotFound,Test-LightningSyncServiceAccount'
        $folder.Exception.Message | Should -BeLike '*is a folder*'
    }

    It 'Export-LightningSyncScript/__AllParameterSets: a missing folder or a folder path is a LightningSync error and writes nothing' {
        $plan = Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:AccountUpn -RecipientFilter "Office -eq 'Paris'"
        $inMissing = Join-Path $script:WorkDir 'no-such-folder/setup.ps1'
        $problem = Get-AcceptanceError { $plan | Export-LightningSyncScript -Path $inMissing }
        $problem.FullyQualifiedErrorId | Should -Be 'LightningSync.OutputFolderNotFound,Export-LightningSyncScript'
        $problem.Exception.Message | Should -BeLike '*no-such-folder*New-Item -ItemType Directory*'
        $folder = New-Item -ItemType Directory -Path (Join-Path $script:WorkDir 'scripts') -Force
        foreach ($force in $false, $true) {
            $problem = Get-AcceptanceError { $plan | Export-LightningSyncScript -Path $folder.FullName -Force:$force }
            $problem.FullyQualifiedErrorId | Should -Be 'LightningSync.OutputPathIsFolder,Export-LightningSyncScript'
        }
        Test-Path -LiteralPath $inMissing | Should -BeFalse
        @(Get-ChildItem -LiteralPath $folder.FullName).Count | Should -Be 0
    }

    It 'Export-LightningSyncOrgSnapshot/__AllParameterSets: a missing folder or a folder path is a LightningSync error before Exchange is read' {
        Clear-EmulatorCallLog
        $problem = Get-AcceptanceError { Export-LightningSyncOrgSnapshot -Path (Join-Path $script:WorkDir 'nowhere/snap.clixml') -Account $script:AccountUpn }
        $problem.FullyQualifiedErrorId | Should -Be 'LightningSync.OutputFolderNotFound,Export-LightningSyncOrgSnapshot'
        $problem = Get-AcceptanceError { Export-LightningSyncOrgSnapshot -Path $script:WorkDir -Account $script:AccountUpn -Force }
        $problem.FullyQualifiedErrorId | Should -Be 'LightningSync.OutputPathIsFolder,Export-LightningSyncOrgSnapshot'
        @(Get-EmulatorCallLog).Count | Should -Be 0
    }

    It 'Get-LightningSyncFilterableProperty/__AllParameterSets: an invalid pattern is LightningSync.FilterPropertyPatternInvalid and leaves no other error' {
        $Error.Clear()
        $found = @(Get-LightningSyncFilterableProperty '[' -ErrorVariable problems -ErrorAction SilentlyContinue)
        $found.Count | Should -Be 0
        @($problems | ForEach-Object FullyQualifiedErrorId) | Should -Be @('LightningSync.FilterPropertyPatternInvalid,Get-LightningSyncFilterableProperty')
        @($Error | ForEach-Object FullyQualifiedErrorId) | Should -Be @('LightningSync.FilterPropertyPatternInvalid,Get-LightningSyncFilterableProperty')
    }

    It 'New-LightningSyncServiceAccount/Filter: probing for cmdlets Exchange does not have leaves nothing in $Error or -ErrorVariable' {
        Initialize-AcceptanceOrg
        $Error.Clear()
        New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter "Department -eq 'Sales'" -SkipLegacyAdPermission -WhatIf -ErrorVariable problems 6>$null | Out-Null
        @($problems).Count | Should -Be 0
        @($Error).Count | Should -Be 0
    }

    It '<Command>/<Set>: without any Exchange session is one LightningSync.ExchangeSessionNotFound record' -ForEach @(
        @{ Command = 'Get-LightningSyncPlan'; Set = 'Live'; Call = "Get-LightningSyncPlan -Account svc@contoso.com -RecipientFilter `"Department -eq 'Sales'`"" }
        @{ Command = 'New-LightningSyncServiceAccount'; Set = 'Filter'; Call = "New-LightningSyncServiceAccount -Identity svc@contoso.com -RecipientFilter `"Department -eq 'Sales'`" -WhatIf" }
        @{ Command = 'Test-LightningSyncServiceAccount'; Set = 'Live'; Call = 'Test-LightningSyncServiceAccount -Account svc@contoso.com -Target OnPremises' }
    ) {
        # A fresh shell with the module and no Exchange cmdlets (no emulator), the caller's default preference.
        $shell = (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source
        if ($PSVersionTable.PSEdition -eq 'Desktop') { $shell = Join-Path $PSHOME 'powershell.exe' }
        $script = "Import-Module '$env:LIGHTNINGSYNC_MODULE_MANIFEST'; `$Error.Clear(); try { $Call -ErrorVariable ev | Out-Null; 'no error' } catch { `$_.FullyQualifiedErrorId; 'ev=' + @(`$ev).Count; `$_.Exception.Message }"
        $text = (& $shell -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" }) -join "`n"
        $text | Should -Match "LightningSync.ExchangeSessionNotFound,$Command"
        $text | Should -Match 'ev=1'
        # The fix it gives works: -Target chooses the environment, it does not replace a session.
        $text | Should -Match 'Connect-ExchangeOnline'
        $text | Should -Not -Match 'or give -Target'
    }

    It 'Get-LightningSyncPlan/Live: planning leaves nothing in $Error or -ErrorVariable' {
        Initialize-AcceptanceOrg
        $Error.Clear()
        Get-LightningSyncPlan -Account $script:AccountUpn -RecipientFilter "Department -eq 'Sales'" -ErrorVariable problems | Out-Null
        @($problems).Count | Should -Be 0
        @($Error).Count | Should -Be 0
    }
}
