# Issue 13 item 14: nested objects that carry a <ToString> in CLIXML (an
# ADObjectId Identity, an SmtpAddress, an Unlimited quota, a path) display as
# Import-Clixml displays them, and their properties stay reachable.
BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-fidelity-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null

    # What a remote Exchange session serializes: nested objects with a
    # ToString and properties, typed Deserialized.* on import.
    $identity = [pscustomobject]@{ Name = 'Ann Example'; DistinguishedName = 'CN=Ann Example,CN=Users,DC=contoso,DC=com'; DomainId = 'contoso.com' }
    $identity.PSObject.TypeNames.Insert(0, 'Microsoft.Exchange.Data.Directory.ADObjectId')
    $identity | Add-Member -MemberType ScriptMethod -Name ToString -Value { 'contoso.com/Users/Ann Example' } -Force
    $quota = [pscustomobject]@{ IsUnlimited = $true; Value = $null }
    $quota.PSObject.TypeNames.Insert(0, 'Microsoft.Exchange.Data.Unlimited`1[[Microsoft.Exchange.Data.ByteQuantifiedSize]]')
    $quota | Add-Member -MemberType ScriptMethod -Name ToString -Value { 'Unlimited' } -Force
    $user = [pscustomobject]@{
        Name               = 'Ann Example'
        Identity           = $identity
        PrimarySmtpAddress = [System.Net.Mail.MailAddress]::new('ann@contoso.com')
        ProhibitSendQuota  = $quota
        Folder             = [System.IO.DirectoryInfo]::new([System.IO.Path]::GetTempPath())
        Department         = 'Sales'
    }
    $script:File = Join-Path $script:Work 'users.xml'
    $user | Export-Clixml -Path $script:File -Depth 2
    $script:Expected = @(Import-Clixml -Path $script:File)[0]
    $script:Actual = @(Import-LightningSyncRecipient -Path $script:File)[0]
}

AfterAll {
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction Ignore
}

Describe 'Imported nested objects with a <ToString>' {
    It 'convert to the same string as Import-Clixml''s (<_>)' -ForEach @('Identity', 'PrimarySmtpAddress', 'ProhibitSendQuota', 'Folder') {
        $expected = "$($script:Expected.$_)"
        $expected | Should -Not -BeNullOrEmpty
        "$($script:Actual.$_)" | Should -BeExactly $expected
    }

    It 'display in Format-List and Format-Table as Import-Clixml''s objects do' {
        ($script:Actual | Format-List | Out-String -Width 200) | Should -BeExactly ($script:Expected | Format-List | Out-String -Width 200)
        ($script:Actual | Format-Table Name, Identity, PrimarySmtpAddress, ProhibitSendQuota | Out-String -Width 200) |
            Should -BeExactly ($script:Expected | Format-Table Name, Identity, PrimarySmtpAddress, ProhibitSendQuota | Out-String -Width 200)
    }

    It 'keep their properties reachable' {
        $script:Actual.Identity.DistinguishedName | Should -Be 'CN=Ann Example,CN=Users,DC=contoso,DC=com'
        $script:Actual.PrimarySmtpAddress.Host | Should -Be 'contoso.com'
        $script:Actual.ProhibitSendQuota.IsUnlimited | Should -BeTrue
        $script:Actual.Identity.PSObject.TypeNames[0] | Should -Be 'Deserialized.Microsoft.Exchange.Data.Directory.ADObjectId'
    }

    It 'leave the top-level record converting as Import-Clixml''s does' {
        "$script:Actual" | Should -BeExactly "$script:Expected"
    }
}
