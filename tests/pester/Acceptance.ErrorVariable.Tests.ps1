[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
param()

# What an admin finds in -ErrorVariable and $Error after each public cmdlet (issue 13): on a
# path that succeeds, nothing (not the "not found" the module reads as absent, not the
# transient fault it retries, not a probe); on a path that fails, only the module's own
# LightningSync.<Reason> record, never Exchange's raw error. Each row runs one cmdlet as an
# admin calls it, after $Error.Clear(), under the admin's default preference (Continue).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Acceptance.Fixture.ps1')
    Start-AcceptanceSuite -Ews

    # The error id an entry of -ErrorVariable or $Error carries (an exception by its record's id).
    function Get-EntryId($Entry) {
        if ($Entry -is [System.Management.Automation.ErrorRecord]) { return $Entry.FullyQualifiedErrorId }
        if ($Entry -is [System.Management.Automation.IContainsErrorRecord]) { return $Entry.ErrorRecord.FullyQualifiedErrorId }
        $Entry.GetType().FullName
    }

    # Runs $Run (which returns its -ErrorVariable) under the admin's default preference after
    # $Error.Clear(); returns the ids found in -ErrorVariable and in $Error.
    function Invoke-Observed([scriptblock] $Run) {
        $saved = $global:ErrorActionPreference
        $global:ErrorActionPreference = 'Continue'
        try {
            $Error.Clear()
            $problems = @(& $Run 2>$null 3>$null 6>$null)
            [pscustomobject]@{
                ErrorVariable = @($problems | Where-Object { $null -ne $_ } | ForEach-Object { Get-EntryId $_ })
                DollarError   = @($global:Error | ForEach-Object { Get-EntryId $_ })
            }
        }
        finally { $global:ErrorActionPreference = $saved }
    }

    function Initialize-SetUpOrg {
        Initialize-AcceptanceOrg
        New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Force | Out-Null
    }
}

AfterAll {
    Stop-AcceptanceSuite
}

Describe 'A path that succeeds leaves nothing in -ErrorVariable or $Error' {
    It '<Key> (<Case>)' -ForEach @(
        @{ Key = 'Get-LightningSyncPlan/Live'; Case = 'on-premises'; Setup = { Initialize-AcceptanceOrg }
            Run = { Get-LightningSyncPlan -Account $script:AccountUpn -RecipientFilter $script:SalesFilter -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Get-LightningSyncPlan/Live'; Case = 'Exchange Online, application not yet set up'; Setup = { Initialize-AcceptanceTenant }
            Run = { Get-LightningSyncPlan -Account 'Salesforce EAC' -Target ExchangeOnline -RecipientFilter $script:SalesFilter -ServicePrincipalObjectId $script:EacObjectId -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Get-LightningSyncPlan/Live'; Case = 'Exchange Online, -ErrorAction SilentlyContinue'; Setup = { Initialize-AcceptanceTenant }
            Run = { Get-LightningSyncPlan -Account 'Salesforce EAC' -Target ExchangeOnline -RecipientFilter $script:SalesFilter -ServicePrincipalObjectId $script:EacObjectId -ErrorAction SilentlyContinue -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Get-LightningSyncPlan/Snapshot'; Case = 'from a snapshot'; Setup = { Initialize-AcceptanceOrg }
            Run = { Get-LightningSyncPlan -Snapshot (Join-Path $script:WorkDir 'contoso.clixml') -Account $script:AccountUpn -RecipientFilter $script:SalesFilter -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Get-LightningSyncPlan/Offline'; Case = 'offline'; Setup = {}
            Run = { Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:AccountUpn -RecipientFilter $script:SalesFilter -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'New-LightningSyncServiceAccount/Filter'; Case = 'on-premises with the legacy AD permissions'; Setup = { Initialize-AcceptanceOrg }
            Run = { New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -Confirm:$false -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'New-LightningSyncServiceAccount/Builder'; Case = 'on-premises, -WhatIf'; Setup = { Initialize-AcceptanceOrg }
            Run = { New-LightningSyncServiceAccount -Identity $script:AccountUpn -Department Sales -SkipLegacyAdPermission -WhatIf -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'New-LightningSyncServiceAccount/Filter'; Case = 'Exchange Online'; Setup = { Initialize-AcceptanceTenant }
            Run = { New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -RecipientFilter $script:SalesFilter -ServicePrincipalObjectId $script:EacObjectId -Force -RetryMaxSeconds 0 -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'New-LightningSyncServiceAccount/Group'; Case = 'Exchange Online'; Setup = { Initialize-AcceptanceTenant }
            Run = { New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -RecipientGroupScope 'Sales Team' -ServicePrincipalObjectId $script:EacObjectId -Force -RetryMaxSeconds 0 -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'New-LightningSyncServiceAccount/Filter'; Case = 'a transient fault on a read, retried'; Setup = { Initialize-AcceptanceOrg; Set-EmulatorFault -Cmdlet Get-ManagementScope -Kind ConcurrentPipeline }
            Run = { New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Force -RetryMaxSeconds 0.01 -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'New-LightningSyncServiceAccount/Filter'; Case = 'Get-OrganizationConfig refused once: no domain controller pinned'; Setup = { Initialize-AcceptanceOrg; Set-EmulatorFault -Cmdlet Get-OrganizationConfig -OnCall 1 -Message 'Access is denied.' }
            Run = { New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Force -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'New-LightningSyncServiceAccount/Filter'; Case = 'Exchange Online, Test-ServicePrincipalAuthorization refused after the grant (a warning)'; Setup = { Initialize-AcceptanceTenant; Set-EmulatorFault -Cmdlet Test-ServicePrincipalAuthorization -Message 'Access is denied.' -Count 50 }
            Run = { New-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Target ExchangeOnline -RecipientFilter $script:SalesFilter -ServicePrincipalObjectId $script:EacObjectId -Force -RetryMaxSeconds 0 -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Remove-LightningSyncServiceAccount/__AllParameterSets'; Case = 'on-premises'; Setup = { Initialize-SetUpOrg }
            Run = { Remove-LightningSyncServiceAccount -Identity $script:AccountUpn -Confirm:$false -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Remove-LightningSyncServiceAccount/__AllParameterSets'; Case = 'Exchange Online'; Setup = { Initialize-AcceptanceTenant -Application }
            Run = { Remove-LightningSyncServiceAccount -Identity 'Salesforce EAC' -Confirm:$false -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Test-LightningSyncServiceAccount/Live'; Case = 'on-premises'; Setup = { Initialize-SetUpOrg }
            Run = { Test-LightningSyncServiceAccount -Account $script:AccountUpn -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Test-LightningSyncServiceAccount/Live'; Case = 'Exchange Online coverage'; Setup = { Initialize-AcceptanceTenant -Application }
            Run = { Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -Coverage -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Test-LightningSyncServiceAccount/Live'; Case = 'Exchange Online -VerifyAuthorization'; Setup = { Initialize-AcceptanceTenant -Application }
            Run = { Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -VerifyAuthorization -SampleSize 2 -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Test-LightningSyncServiceAccount/Snapshot'; Case = 'a snapshot'; Setup = {}
            Run = { Test-LightningSyncServiceAccount -Snapshot (Join-Path $script:WorkDir 'contoso.clixml') -Account $script:AccountUpn -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Test-LightningSyncImpersonation/EwsUrl'; Case = 'the loopback EWS responder, one allowed and one denied mailbox'; Setup = {}
            Run = {
                if ($null -eq $script:Ews) { return }
                'noerror@contoso.com', 'fault.ErrorImpersonateUserDenied@contoso.com' | Test-LightningSyncImpersonation -Credential $script:AcceptanceCredential -EwsUrl $script:Ews.Url -AllowUnencryptedAuthentication -TimeoutSec 20 -ErrorVariable problems | Out-Null
                $problems
            }
        }
        @{ Key = 'Test-LightningSyncServiceAccount/Live'; Case = '-VerifyEws against the loopback EWS responder'; Setup = { Initialize-SetUpOrg }
            Run = {
                if ($null -eq $script:Ews) { return }
                Test-LightningSyncServiceAccount -Account $script:AccountUpn -VerifyEws -Credential $script:AcceptanceCredential -EwsUrl $script:Ews.Url -AllowUnencryptedAuthentication -ErrorVariable problems | Out-Null
                $problems
            }
        }
        @{ Key = 'Export-LightningSyncOrgSnapshot/__AllParameterSets'; Case = 'on-premises with recipients'; Setup = { Initialize-SetUpOrg }
            Run = { Export-LightningSyncOrgSnapshot -Path (Join-Path $script:WorkDir 'ev-snapshot.clixml') -Account $script:AccountUpn -IncludeRecipients -Force -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Export-LightningSyncOrgSnapshot/__AllParameterSets'; Case = 'Exchange Online'; Setup = { Initialize-AcceptanceTenant -Application }
            Run = { Export-LightningSyncOrgSnapshot -Path (Join-Path $script:WorkDir 'ev-online.clixml') -Account 'Salesforce EAC' -IncludeRecipients -Force -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Export-LightningSyncReport/Live'; Case = 'the live organization'; Setup = { Initialize-SetUpOrg }
            Run = { Export-LightningSyncReport -Path (Join-Path $script:WorkDir 'ev-report.html') -Account $script:AccountUpn -Force -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Export-LightningSyncScript/__AllParameterSets'; Case = 'a live plan'; Setup = { Initialize-AcceptanceOrg }
            Run = { Get-LightningSyncPlan -Account $script:AccountUpn -RecipientFilter $script:SalesFilter | Export-LightningSyncScript -Path (Join-Path $script:WorkDir 'ev-setup.ps1') -Force -ErrorVariable problems | Out-Null; $problems }
        }
    ) {
        & $Setup
        $seen = Invoke-Observed $Run
        Clear-EmulatorFault
        $seen.ErrorVariable | Should -BeNullOrEmpty -Because '-ErrorVariable holds what the cmdlet reported, and it succeeded'
        $seen.DollarError | Should -BeNullOrEmpty -Because '$Error holds what failed, and nothing did'
    }
}

Describe 'A path that fails leaves the module''s own record, once' {
    It '<Key> (<Case>)' -ForEach @(
        @{ Key = 'Get-LightningSyncPlan/Live'; Case = 'Exchange refuses a read'; Id = 'LightningSync.ExchangePermissionDenied'
            Setup = { Initialize-AcceptanceOrg; Set-EmulatorFault -Cmdlet Get-ManagementScope -Message 'Access is denied.' -Count 10 }
            Run = { try { Get-LightningSyncPlan -Account $script:AccountUpn -RecipientFilter $script:SalesFilter -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'New-LightningSyncServiceAccount/Filter'; Case = 'a write fails and the run is undone'; Id = 'LightningSync.ApplyFailed'
            Setup = { Initialize-AcceptanceOrg; Set-EmulatorFault -Cmdlet New-ManagementRoleAssignment -Message 'Access is denied.' -Count 10 }
            Run = { try { New-LightningSyncServiceAccount -Identity $script:AccountUpn -RecipientFilter $script:SalesFilter -SkipLegacyAdPermission -Force -RetryMaxSeconds 0 -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Get-LightningSyncPlan/Live'; Case = 'Exchange refuses a read, -ErrorAction SilentlyContinue'; Id = 'LightningSync.ExchangePermissionDenied'
            Setup = { Initialize-AcceptanceOrg; Set-EmulatorFault -Cmdlet Get-ManagementScope -Message 'Access is denied.' -Count 10 }
            Run = { try { Get-LightningSyncPlan -Account $script:AccountUpn -RecipientFilter $script:SalesFilter -ErrorAction SilentlyContinue -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Test-LightningSyncServiceAccount/Live'; Case = 'Exchange refuses a read'; Id = 'LightningSync.ExchangePermissionDenied'
            Setup = { Initialize-SetUpOrg; Set-EmulatorFault -Cmdlet Get-ManagementRoleAssignment -Message 'Access is denied.' -Count 10 }
            Run = { try { Test-LightningSyncServiceAccount -Account $script:AccountUpn -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Test-LightningSyncServiceAccount/Live'; Case = '-VerifyAuthorization, Exchange refuses Test-ServicePrincipalAuthorization'; Id = 'LightningSync.ExchangePermissionDenied'
            Setup = { Initialize-AcceptanceTenant -Application; Set-EmulatorFault -Cmdlet Test-ServicePrincipalAuthorization -Message 'Access is denied.' -Count 50 }
            Run = { try { Test-LightningSyncServiceAccount -Account 'Salesforce EAC' -VerifyAuthorization -SampleSize 2 -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Export-LightningSyncOrgSnapshot/__AllParameterSets'; Case = 'Exchange refuses a read'; Id = 'LightningSync.ExchangePermissionDenied'
            Setup = { Initialize-AcceptanceOrg; Set-EmulatorFault -Cmdlet Get-ManagementRoleAssignment -Message 'Access is denied.' -Count 10 }
            Run = { try { Export-LightningSyncOrgSnapshot -Path (Join-Path $script:WorkDir 'ev-denied.clixml') -Account $script:AccountUpn -Force -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Remove-LightningSyncServiceAccount/__AllParameterSets'; Case = 'an account that does not exist'; Id = 'LightningSync.*'
            Setup = { Initialize-AcceptanceOrg }
            Run = { try { Remove-LightningSyncServiceAccount -Identity 'ghost@contoso.com' -Confirm:$false -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Get-LightningSyncPlan/Snapshot'; Case = 'a missing snapshot'; Id = 'LightningSync.SnapshotNotFound'
            Setup = {}
            Run = { try { Get-LightningSyncPlan -Snapshot (Join-Path $script:WorkDir 'missing.clixml') -Account $script:AccountUpn -RecipientFilter $script:SalesFilter -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Test-LightningSyncServiceAccount/Snapshot'; Case = 'a file that is not a snapshot'; Id = 'LightningSync.SnapshotInvalid'
            Setup = { Set-Content -Path (Join-Path $script:WorkDir 'not-a-snapshot.clixml') -Value 'not CLIXML' }
            Run = { try { Test-LightningSyncServiceAccount -Snapshot (Join-Path $script:WorkDir 'not-a-snapshot.clixml') -Account $script:AccountUpn -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Export-LightningSyncReport/Snapshot'; Case = 'a file that is not a snapshot'; Id = 'LightningSync.SnapshotInvalid'
            Setup = { Set-Content -Path (Join-Path $script:WorkDir 'not-a-snapshot.clixml') -Value 'not CLIXML' }
            Run = { try { Export-LightningSyncReport -Path (Join-Path $script:WorkDir 'not-a-snapshot.html') -Snapshot (Join-Path $script:WorkDir 'not-a-snapshot.clixml') -Force -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Get-LightningSyncPlan/Snapshot'; Case = 'a file that is not a snapshot'; Id = 'LightningSync.SnapshotInvalid'
            Setup = { Set-Content -Path (Join-Path $script:WorkDir 'not-a-snapshot.clixml') -Value 'not CLIXML' }
            Run = { try { Get-LightningSyncPlan -Snapshot (Join-Path $script:WorkDir 'not-a-snapshot.clixml') -Account $script:AccountUpn -RecipientFilter $script:SalesFilter -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Get-LightningSyncPlan/Offline'; Case = '-RecipientFilter and a builder parameter together'; Id = 'LightningSync.FilterAmbiguous'
            Setup = {}
            Run = { try { Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:AccountUpn -RecipientFilter $script:SalesFilter -Department Sales -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Get-LightningSyncPlan/Offline'; Case = 'a builder value the filter cannot hold'; Id = 'LightningSync.FilterConditionsInvalid'
            Setup = {}
            Run = { try { Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:AccountUpn -Department '' -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'New-LightningSyncServiceAccount/Builder'; Case = 'a builder value the filter cannot hold'; Id = 'LightningSync.FilterConditionsInvalid'
            Setup = { Initialize-AcceptanceOrg }
            Run = { try { New-LightningSyncServiceAccount -Identity $script:AccountUpn -Department '' -Confirm:$false -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Get-LightningSyncPlan/Offline'; Case = '-ServicePrincipalObjectId on-premises'; Id = 'LightningSync.DesiredStateInvalid'
            Setup = {}
            Run = { try { Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:AccountUpn -RecipientFilter $script:SalesFilter -ServicePrincipalObjectId $script:EacObjectId -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Get-LightningSyncPlan/Snapshot'; Case = 'a removal from a snapshot of another account'; Id = 'LightningSync.PlanPrerequisiteMissing'
            Setup = {}
            Run = { try { Get-LightningSyncPlan -Snapshot (Join-Path $script:WorkDir 'contoso.clixml') -Account 'other@contoso.com' -Removal -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Test-LightningSyncServiceAccount/Live'; Case = '-VerifyAuthorization on-premises'; Id = 'LightningSync.VerifyAuthorizationNeedsExchangeOnline'
            Setup = { Initialize-SetUpOrg }
            Run = { try { Test-LightningSyncServiceAccount -Account $script:AccountUpn -VerifyAuthorization -ErrorVariable problems | Out-Null } catch { $null = $_ }; $problems }
        }
        @{ Key = 'Test-LightningSyncImpersonation/Autodiscover'; Case = 'Autodiscover finds no EWS'; Id = 'LightningSync.EwsAutodiscoverFailed'
            Setup = {}
            Run = { 'noerror@autodiscover.invalid' | Test-LightningSyncImpersonation -Credential $script:AcceptanceCredential -Autodiscover -TimeoutSec 5 -ErrorVariable problems | Out-Null; $problems }
        }
        @{ Key = 'Test-LightningSyncImpersonation/Autodiscover'; Case = 'Autodiscover finds no EWS, -ErrorAction SilentlyContinue'; Id = 'LightningSync.EwsAutodiscoverFailed'
            Setup = {}
            Run = { 'noerror@autodiscover.invalid' | Test-LightningSyncImpersonation -Credential $script:AcceptanceCredential -Autodiscover -TimeoutSec 5 -ErrorAction SilentlyContinue -ErrorVariable problems | Out-Null; $problems }
        }
    ) {
        & $Setup
        $seen = Invoke-Observed $Run
        Clear-EmulatorFault
        # Written once: PowerShell records an error again at every function it passes through,
        # so one record here means the module reported it where it was decided.
        @($seen.ErrorVariable).Count | Should -Be 1 -Because "-ErrorVariable holds the cmdlet's one record, found: $($seen.ErrorVariable -join ' | ')"
        @($seen.DollarError).Count | Should -Be 1 -Because "`$Error holds the one error, found: $($seen.DollarError -join ' | ')"
        foreach ($found in @($seen.ErrorVariable) + @($seen.DollarError)) {
            $found | Should -BeLike "$Id*" -Because 'the caller sees the module''s record, not the errors it handled on the way'
        }
    }
}
