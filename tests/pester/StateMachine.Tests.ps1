[Diagnostics.CodeAnalysis.SuppressMessageAttribute('PSUseDeclaredVarsMoreThanAssignments', '', Justification = 'Pester testing file')]
param()

# The randomized state-machine test of the safety invariants (tests/statemachine/SafetyStateMachine.ps1).
# LIGHTNINGSYNC_STATEMACHINE_SEQUENCES sets how many sequences run (default 500);
# LIGHTNINGSYNC_STATEMACHINE_SEED the first seed (default 13), so a reported seed replays exactly.

BeforeAll {
    Import-Module $env:LIGHTNINGSYNC_MODULE_MANIFEST -Force
    Import-Module (Join-Path $PSScriptRoot '../emulator/ExchangeEmulator.psd1') -Force
    . (Join-Path $PSScriptRoot '../statemachine/SafetyStateMachine.ps1')
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('lsync-sm-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null
    # No waits between tries: the faults are injected, and time is not what this test measures.
    # (The retry defaults are defined with the private functions, on first use.)
    & (Get-Module LightningSync) { Import-LightningSyncPrivateFunction; $script:LightningSyncRetryDefaults.RetryMaxSeconds = 0 }
    $script:Count = 500
    if ($env:LIGHTNINGSYNC_STATEMACHINE_SEQUENCES) { $script:Count = [int]$env:LIGHTNINGSYNC_STATEMACHINE_SEQUENCES }
    $script:FirstSeed = 13
    if ($env:LIGHTNINGSYNC_STATEMACHINE_SEED) { $script:FirstSeed = [int]$env:LIGHTNINGSYNC_STATEMACHINE_SEED }
}

AfterAll {
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction Ignore
    Remove-Module ExchangeEmulator -ErrorAction Ignore
}

Describe 'Safety state machine' {
    It 'holds every invariant over the seeded random sequences' {
        $failures = @()
        for ($i = 0; $i -lt $script:Count; $i++) {
            $sequence = New-SmSequence -Seed ($script:FirstSeed + $i)
            $violation = Invoke-SmSequence -Sequence $sequence -Work $script:Work
            if ($null -ne $violation) {
                $shortest = Find-SmShortest -Sequence $sequence -Work $script:Work
                $again = Invoke-SmSequence -Sequence $shortest -Work $script:Work
                $failures += ("{0}{1}  -> {2}" -f (Format-SmSequence -Sequence $shortest), [Environment]::NewLine, $again)
                if ($failures.Count -ge 3) { break }
            }
        }
        Write-Host ("state machine: {0} sequence(s) from seed {1}, {2} violation(s)" -f $i, $script:FirstSeed, $failures.Count)
        $failures -join ([Environment]::NewLine + [Environment]::NewLine) | Should -BeNullOrEmpty
    }

    It 'finds a planted violation and prints its seed and shortest sequence' {
        # A plan runner that deletes a foreign object must be caught: the invariant check itself can fail.
        $sequence = [pscustomobject]@{
            Seed = 0
            Org  = [ordered]@{ AccountKind = 'Mailbox'; ScopeSameName = $null; AssignmentSameName = $null; UnscopedGrant = $null; ExtraScopedGrant = $false; Orphan = $false; Foreign = $true; LegacyAce = $false }
            Ops  = @([ordered]@{ Kind = 'Snapshot'; SkipLegacy = $true; AssignmentName = $null; ScopeName = $null; Fault = $null },
                [ordered]@{ Kind = 'New'; SkipLegacy = $true; AssignmentName = $null; ScopeName = $null; Fault = $null })
        }
        Mock -CommandName Invoke-SmOperation -MockWith {
            Remove-ManagementRoleAssignment -Identity 'Helpdesk-Imp' -Confirm:$false
            [pscustomobject]@{ Failed = $false; Error = $null; Result = [pscustomobject]@{ Converged = $true } }
        } -ParameterFilter { $Op.Kind -eq 'New' }
        $violation = Invoke-SmSequence -Sequence $sequence -Work $script:Work
        $violation | Should -Match "belongs to others was deleted: Helpdesk-Imp"
        $shortest = Find-SmShortest -Sequence $sequence -Work $script:Work
        @($shortest.Ops).Count | Should -Be 1
        Format-SmSequence -Sequence $shortest | Should -Match 'seed 0;.*\n  1\. New'
    }
}
