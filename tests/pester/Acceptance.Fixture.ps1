# Shared set-up of the acceptance suite (tests/pester/Acceptance.*.Tests.ps1),
# dot-sourced in BeforeAll: an emulated Exchange 2019 organization as an admin
# finds it, a working folder with the export files the help examples name, the
# loopback EWS responder, and stand-ins for the prompts an admin answers
# (Read-Host, Get-Credential). Nothing here calls the module's internals.
# Dot-sourcing it imports the staged module and the emulator.

Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force

$script:AccountUpn = 'svc-sync@contoso.com'
$script:SalesFilter = "Department -eq 'Sales'"
$script:AcceptancePasswordText = 'Acc3pt!' + [guid]::NewGuid().ToString('N')
$script:AcceptancePassword = ConvertTo-SecureString $script:AcceptancePasswordText -AsPlainText -Force
$script:AcceptanceCredential = New-Object System.Management.Automation.PSCredential($script:AccountUpn, $script:AcceptancePassword)
$script:EacAppId = 'c55d6177-918e-4745-96d3-1715194bc7e8'
$script:EacObjectId = '6a1f3c55-5d1e-4a6f-9a51-1c0ffee0eac1'

function Initialize-AcceptanceOrg {
    # A 2019 organization: the service account (user with mailbox), Sales and
    # Marketing users, a shared mailbox and a CEO outside every scope.
    param([string] $Version = '2019')
    Reset-ExchangeEmulator -Version $Version
    if ($Version -eq 'Online') { return }
    Add-EmulatorRecipient -Name 'svc-sync' -UserPrincipalName $script:AccountUpn -OrganizationalUnit 'contoso.com/Service Accounts'
    Add-EmulatorRecipient -Name 'Alice' -Department 'Sales' -Office 'Paris' -CustomAttributes @{ 1 = 'SF'; 7 = 'SFDC-EU' }
    Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing' -Office 'Seattle' -Attributes @{ StateOrProvince = 'WA' }
    Add-EmulatorRecipient -Name 'Carol' -Department 'R&D' -Office 'Paris'
    Add-EmulatorRecipient -Name 'Support' -Department 'Sales' -RecipientTypeDetails 'SharedMailbox'
    Add-EmulatorRecipient -Name 'ceo' -Department 'Board'
    Clear-EmulatorCallLog
}

$script:SalesTeamAdministrativeUnit = '7d3c1f3a-0000-4000-8000-0000000000a1'

function Initialize-AcceptanceTenant {
    # An Exchange Online organization: Sales and Marketing mailboxes, the
    # group 'Sales Team' (Grace a direct member, Nina only through the nested
    # 'Sales EMEA') and Una in the administrative unit. With -Application,
    # also Salesforce EAC's RBAC for Applications grants over Sales.
    param([switch] $Application)
    Initialize-AcceptanceOrg -Version Online
    Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
    Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing'
    $group = Add-EmulatorRecipient -Name 'Sales Team' -RecipientTypeDetails MailUniversalSecurityGroup -PassThru
    $nested = Add-EmulatorRecipient -Name 'Sales EMEA' -RecipientTypeDetails MailUniversalSecurityGroup -Attributes @{ MemberOfGroup = @($group.DistinguishedName) } -PassThru
    Add-EmulatorRecipient -Name 'Grace' -Department 'Sales' -Attributes @{ MemberOfGroup = @($group.DistinguishedName) }
    Add-EmulatorRecipient -Name 'Nina' -Department 'Sales' -Attributes @{ MemberOfGroup = @($nested.DistinguishedName) }
    Add-EmulatorRecipient -Name 'Una' -Attributes @{ AdministrativeUnits = @($script:SalesTeamAdministrativeUnit) }
    if ($Application) {
        New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -RecipientFilter "Department -eq 'Sales'" -ServicePrincipalObjectId $script:EacObjectId -Force -RetryMaxSeconds 0 -WarningAction SilentlyContinue | Out-Null
    }
    Clear-EmulatorCallLog
}

function New-AcceptanceWorkspace {
    # A fresh folder with the files the help examples read: users.xml (Get-User),
    # mailboxes.xml (Get-Mailbox), recipients.xml (Get-Recipient), mailboxes.csv,
    # exports/*.xml and a snapshot contoso.clixml with recipients. Returns its path.
    $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-accept-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $dir | Out-Null
    New-Item -ItemType Directory -Path (Join-Path $dir 'exports') | Out-Null
    $users = @(Get-User -ResultSize Unlimited)
    $mailboxes = @(Get-Mailbox -ResultSize Unlimited)
    $users | Export-Clixml -Path (Join-Path $dir 'users.xml')
    $mailboxes | Export-Clixml -Path (Join-Path $dir 'mailboxes.xml')
    $mailboxes | Export-Csv -Path (Join-Path $dir 'mailboxes.csv') -NoTypeInformation
    @(Get-Recipient -ResultSize Unlimited) | Export-Clixml -Path (Join-Path $dir 'recipients.xml')
    $users | Export-Clixml -Path (Join-Path $dir 'exports/users.xml')
    $mailboxes | Export-Clixml -Path (Join-Path $dir 'exports/mailboxes.xml')
    Export-LightningSyncOrgSnapshot -Path (Join-Path $dir 'contoso.clixml') -Account $script:AccountUpn -IncludeRecipients | Out-Null
    Clear-EmulatorCallLog
    $dir
}

function Find-AcceptancePython {
    # A Python 3.7+ interpreter for the EWS responder, or $null.
    foreach ($name in 'python3', 'python') {
        $command = Get-Command $name -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if ($null -eq $command) { continue }
        $ok = & $command.Source -c 'import sys; print(sys.version_info >= (3, 7))' 2>$null
        if ($LASTEXITCODE -eq 0 -and "$ok".Trim() -eq 'True') { return $command.Source }
    }
    $null
}

function Start-AcceptanceEws {
    # Starts tests/ews/responder.py on a free port for the account's
    # credential; returns the process and the EWS URL, or $null without Python.
    param([string] $WorkDir)
    $python = Find-AcceptancePython
    if ($null -eq $python) { return $null }
    $log = Join-Path $WorkDir 'ews.jsonl'
    Set-Content -Path $log -Value '' -NoNewline
    $info = New-Object System.Diagnostics.ProcessStartInfo
    $info.FileName = $python
    $responder = Join-Path $PSScriptRoot '../ews/responder.py'
    $info.Arguments = (@($responder, '--log', $log, '--user', $script:AccountUpn, '--password', $script:AcceptancePasswordText, '--lifetime', '900') |
            ForEach-Object { '"' + $_ + '"' }) -join ' '
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(20000) -or "$($line.Result)" -notmatch '^PORT (\d+)$') {
        throw "The EWS responder did not start: $($process.StandardError.ReadToEnd())"
    }
    [pscustomobject]@{ Process = $process; Url = "http://127.0.0.1:$($Matches[1])/EWS/Exchange.asmx" }
}

function Stop-AcceptanceEws {
    param($Ews)
    if ($null -eq $Ews) { return }
    if (-not $Ews.Process.HasExited) {
        Stop-Process -Id $Ews.Process.Id -Force -ErrorAction Ignore
        $Ews.Process.WaitForExit(5000) | Out-Null
    }
    $Ews.Process.Dispose()
}

function Get-AcceptanceErrorId {
    # The FullyQualifiedErrorId of what $Script throws (a terminating error),
    # or '' when it does not throw.
    param([scriptblock] $Script)
    try { & $Script | Out-Null; '' }
    catch { $_.FullyQualifiedErrorId }
}


function Start-AcceptanceSuite {
    # The set-up an acceptance file starts with: the 2019 organization, a working
    # folder ($script:WorkDir) and, with -Ews, the loopback EWS responder ($script:Ews).
    param([switch] $Ews)
    Initialize-AcceptanceOrg
    $script:WorkDir = New-AcceptanceWorkspace
    $script:Ews = $null
    if ($Ews) { $script:Ews = Start-AcceptanceEws -WorkDir $script:WorkDir }
}

function Stop-AcceptanceSuite {
    # Undoes Start-AcceptanceSuite.
    Stop-AcceptanceEws $script:Ews
    Remove-Item -LiteralPath $script:WorkDir -Recurse -Force -ErrorAction Ignore
    Remove-Module ExchangeEmulator -ErrorAction Ignore
}
