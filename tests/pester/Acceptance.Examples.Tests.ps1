[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
param()

# Every example of every exported cmdlet's help (Get-Help -Full), run as
# written against the Exchange emulator, from a folder holding the files the
# examples name (users.xml, mailboxes.xml, recipients.xml, mailboxes.csv,
# exports/*.xml, contoso.clixml, tenant.clixml). The compiled cmdlets'
# examples (LightningSync.Interop.dll-Help.xml) run as the script ones do. An example passes when it ends without a terminating error
# and writes no error record; a -WhatIf example also leaves the organization
# and the folder unchanged; an example whose remarks show its output must
# print that output (the DocumentedOutput table).
#
# What the lab cannot be, the tables below say, each with its reason: the
# prompts an admin answers (Read-Host, Get-Credential, -Confirm), the EWS
# server (the loopback responder stands in for mail.contoso.com), DNS for
# Autodiscover, and examples that wait for a fix owned by another change.

BeforeDiscovery {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    $script:Examples = @(foreach ($command in Get-Command -Module LightningSync -CommandType Function, Cmdlet | Sort-Object Name) {
            $index = 0
            foreach ($example in @((Get-Help -Name $command.Name -Full).examples.example)) {
                $index++
                $code = ([string]$example.code -split "`r?`n" | ForEach-Object { $_ -replace '^\s*PS>\s?', '' }) -join "`n"
                $remarks = @($example.remarks | ForEach-Object { $_.Text } | Where-Object { $_ }) -join "`n"
                @{ Key = "$($command.Name)#$index"; Command = $command.Name; Code = $code; Remarks = $remarks }
            }
        })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Acceptance.Fixture.ps1')
    Initialize-AcceptanceOrg
    $script:Template = New-AcceptanceWorkspace
    Remove-Item -LiteralPath (Join-Path $script:Template 'contoso.clixml')
    $script:Ews = Start-AcceptanceEws -WorkDir $script:Template
    $script:Folders = @()

    # The admin at the prompts: the account's password and credential.
    function global:Read-Host { $script:AcceptancePassword }
    function global:Get-Credential { $script:AcceptanceCredential }

    $setUp = { New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter "Department -eq 'Sales'" -Force | Out-Null }
    $snapshot = { Export-LightningSyncOrgSnapshot -Path (Join-Path $PWD 'contoso.clixml') -Account $script:AccountUpn -IncludeRecipients | Out-Null }
    $online = { Initialize-AcceptanceOrg -Version Online }
    $tenant = { Initialize-AcceptanceTenant }
    $tenantApp = { Initialize-AcceptanceTenant -Application }
    $tenantSnapshot = { Initialize-AcceptanceTenant -Application; Export-LightningSyncOrgSnapshot -Path (Join-Path $PWD 'tenant.clixml') -Account 'Salesforce EAC' -IncludeRecipients | Out-Null }
    # The organization an example is written for, when it is not the fresh one
    # (Exchange Online: 'Sales Team' and Salesforce EAC come from Initialize-AcceptanceTenant),
    # and the files it reads that the folder does not hold (contoso.clixml, tenant.clixml).
    $script:Preparation = @{
        'New-LightningSyncServiceAccount#1'    = { Reset-ExchangeEmulator -Version 2019 }
        'New-LightningSyncServiceAccount#5'    = $online
        'New-LightningSyncServiceAccount#6'    = $tenant
        'Get-LightningSyncPlan#4'              = { & $setUp; & $snapshot }
        'Get-LightningSyncPlan#5'              = $online
        'Get-LightningSyncPlan#6'              = $tenantApp
        'Export-LightningSyncReport#2'         = { & $setUp; & $snapshot }
        'Export-LightningSyncReport#3'         = $setUp
        'Test-LightningSyncServiceAccount#4'   = $tenantApp
        'Test-LightningSyncServiceAccount#5'   = $tenantSnapshot
        'Remove-LightningSyncServiceAccount#1' = $setUp
        'Remove-LightningSyncServiceAccount#2' = $setUp
        'Remove-LightningSyncServiceAccount#3' = $setUp
        'Test-LightningSyncServiceAccount#1'   = $setUp
        'Test-LightningSyncServiceAccount#2'   = { & $setUp; & $snapshot }
        'Test-LightningSyncServiceAccount#3'   = $setUp
        'Test-LightningSyncRecipientFilter#6'  = $setUp
    }
    # Text an example names that the lab replaces: the EWS server is the
    # loopback responder (plain HTTP, so Test-LightningSyncImpersonation gets
    # -AllowUnencryptedAuthentication from $PSDefaultParameterValues), and the
    # test host cannot show a prompt, so -Confirm is answered Yes to All.
    $script:Substitutions = @(
        @{ From = 'https://mail.contoso.com/EWS/Exchange.asmx'; To = { if ($script:Ews) { $script:Ews.Url } else { 'http://127.0.0.1:9/EWS/Exchange.asmx' } } }
        @{ From = ' -Confirm$'; To = { ' -Confirm:$false' } }
    )
    # Variables an example uses as if the admin had set them: the account's
    # credential and the EWS URL (the loopback responder).
    $script:ExampleVariables = @{
        cred = { $script:AcceptanceCredential }
        url  = { if ($script:Ews) { $script:Ews.Url } else { 'http://127.0.0.1:9/EWS/Exchange.asmx' } }
    }
    # Error ids an example may write in the lab, with the reason.
    $script:ExpectedErrors = @{
        # No DNS for autodiscover.contoso.com in the lab: each mailbox reports it.
        'Test-LightningSyncImpersonation#3' = 'LightningSync.EwsAutodiscoverFailed'
    }
    # Examples whose remarks start with the text they print.
    $script:DocumentedOutput = @('ConvertTo-LightningSyncRecipientFilter#1', 'ConvertTo-LightningSyncRecipientFilter#2', 'ConvertTo-LightningSyncRecipientFilter#3', 'Test-LightningSyncRecipientFilter#4')

    function New-ExampleFolder {
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-example-' + [guid]::NewGuid().ToString('N'))
        Copy-Item -LiteralPath $script:Template -Destination $dir -Recurse
        $script:Folders += $dir
        $dir
    }

    function Get-FolderListing([string] $Path) {
        @(Get-ChildItem -LiteralPath $Path -Recurse -File | ForEach-Object { $_.FullName.Substring($Path.Length) } | Sort-Object) -join "`n"
    }
}

AfterAll {
    Remove-Item -Path Function:\global:Read-Host, Function:\global:Get-Credential -ErrorAction Ignore
    Stop-AcceptanceEws $script:Ews
    foreach ($dir in @($script:Folders) + $script:Template) { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction Ignore }
    Remove-Module ExchangeEmulator -ErrorAction Ignore
}

Describe 'The help examples, run against the emulator' {
    It '<Key> runs as written' -ForEach $script:Examples {
        if ($Key -like 'Test-LightningSyncImpersonation#*' -and $null -eq $script:Ews) { Set-ItResult -Skipped -Because 'Python 3.7+ runs the loopback EWS responder' }
        $code = $Code
        foreach ($s in $script:Substitutions) { $code = $code -replace [regex]::Escape($s.From).Replace('\$', '$'), (& $s.To) }
        $code | Should -Not -Match 'mail\.contoso\.com'

        Initialize-AcceptanceOrg
        $folder = New-ExampleFolder
        Push-Location -LiteralPath $folder
        $PSDefaultParameterValues['Test-LightningSyncImpersonation:AllowUnencryptedAuthentication'] = $true
        $PSDefaultParameterValues['Test-LightningSyncServiceAccount:AllowUnencryptedAuthentication'] = $true
        $PSDefaultParameterValues['Test-LightningSyncImpersonation:TimeoutSec'] = 10
        try {
            if ($script:Preparation.ContainsKey($Key)) { & $script:Preparation[$Key] }
            foreach ($name in $script:ExampleVariables.Keys) {
                if ($code -match ('\$' + $name + '\b')) { Set-Variable -Name $name -Value (& $script:ExampleVariables[$name]) }
            }
            $stateBefore = Get-EmulatorState
            $filesBefore = Get-FolderListing $folder
            $failure = $null
            $output = @()
            try { $output = @(& ([scriptblock]::Create($code)) 2>&1 6>$null) }
            catch { $failure = $_ }
        }
        finally {
            $PSDefaultParameterValues.Remove('Test-LightningSyncImpersonation:AllowUnencryptedAuthentication')
            $PSDefaultParameterValues.Remove('Test-LightningSyncServiceAccount:AllowUnencryptedAuthentication')
            $PSDefaultParameterValues.Remove('Test-LightningSyncImpersonation:TimeoutSec')
            Pop-Location
        }

        $errors = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        if ($null -ne $failure) { $errors += $failure }
        $allowed = $script:ExpectedErrors[$Key]
        $unexpected = @($errors | Where-Object { -not $allowed -or $_.FullyQualifiedErrorId -notlike "$allowed*" })
        ($unexpected | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) -join "`n" | Should -BeNullOrEmpty

        if ($Code -match '-WhatIf\b') {
            Get-EmulatorState | Should -Be $stateBefore
            Get-FolderListing $folder | Should -Be $filesBefore
        }
        if ($script:DocumentedOutput -contains $Key) {
            $printed = @($output | Where-Object { $_ -is [string] })
            $printed.Count | Should -BeGreaterThan 0
            ($Remarks -split "`n")[0].StartsWith($printed[0]) | Should -BeTrue -Because "the remarks show what the example prints: $($printed[0])"
        }
    }
}
