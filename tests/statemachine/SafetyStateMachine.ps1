# The randomized state-machine test of the safety invariants (issue 13): seeded random organizations in the
# Exchange emulator, random sequences of New / Remove / plan -> export -> run script / snapshot -> plan, with
# random transient and permanent faults on reads and writes, and the invariants checked after every step.
# Dot-sourced by tests/pester/StateMachine.Tests.ps1; needs LightningSync and ExchangeEmulator imported.

$script:SmAccount = 'svc-sync@contoso.com'
$script:SmFilter = "Department -eq 'Sales'"
$script:SmScope = 'LightningSync-svc-sync'
$script:SmAssignment = 'LightningSync-svc-sync-Impersonation'
# Objects that belong to others: no operation on the service account may delete them.
$script:SmForeignScopes = @('Helpdesk-Scope', 'Orphan-Scope')
$script:SmForeignAssignments = @('Helpdesk-Imp', 'svc-sync-MailRecipients')

$script:SmReads = @('Get-ManagementScope', 'Get-ManagementRoleAssignment', 'Get-User', 'Get-Mailbox', 'Get-OrganizationConfig', 'Get-ADPermission', 'Get-ExchangeServer')
$script:SmWrites = @('New-ManagementScope', 'Set-ManagementScope', 'Remove-ManagementScope', 'New-ManagementRoleAssignment',
    'Set-ManagementRoleAssignment', 'Remove-ManagementRoleAssignment', 'Add-ADPermission', 'Remove-ADPermission')
$script:SmTransientText = 'The server is busy. Try again later.'
$script:SmPermanentText = 'Active Directory operation failed on DC01.contoso.com. This error is not retriable. Additional information: Insufficient access rights to perform the operation.'

function New-SmSequence {
    # The random organization and operations of one sequence, as data (so a sequence can be shrunk and replayed).
    param([int] $Seed, [int] $MaxOps = 2)
    $random = [System.Random]::new($Seed)
    $chance = { param([double] $p) $random.NextDouble() -lt $p }
    $org = [ordered]@{
        AccountKind        = @('Mailbox', 'Mailbox', 'Mailbox', 'User')[$random.Next(4)]
        ScopeSameName      = @($null, $null, 'HR', 'Sales')[$random.Next(4)]
        AssignmentSameName = @($null, $null, 'Unscoped', 'OtherAssignee', 'OtherRole', 'Disabled')[$random.Next(6)]
        UnscopedGrant      = @($null, $null, 'Enabled', 'Disabled')[$random.Next(4)]
        ExtraScopedGrant   = (& $chance 0.25)
        Orphan             = (& $chance 0.4)
        Foreign            = (& $chance 0.6)
        LegacyAce          = (& $chance 0.4)
    }
    $kinds = @('New', 'New', 'NewUpdate', 'Remove', 'RemoveNamed', 'RemoveNamed', 'Script', 'Snapshot')
    $ops = @()
    $count = 1 + $random.Next($MaxOps)
    for ($i = 0; $i -lt $count; $i++) {
        $op = [ordered]@{ Kind = $kinds[$random.Next($kinds.Count)]; SkipLegacy = (& $chance 0.7); AssignmentName = $null; ScopeName = $null; Fault = $null }
        if ($op.Kind -eq 'RemoveNamed') {
            $assignmentNames = @($null, $script:SmAssignment, 'ApplicationImpersonation-svc-sync', 'Extra-Imp', 'Helpdesk-Imp', 'LightningSync-svc-sync-Impersonatoin')
            $scopeNames = @($null, $script:SmScope, 'Extra-Scope', 'Helpdesk-Scope', 'Orphan-Scope', 'LightningSync-svc-snyc')
            $op.AssignmentName = $assignmentNames[$random.Next($assignmentNames.Count)]
            $op.ScopeName = $scopeNames[$random.Next($scopeNames.Count)]
            if (-not $op.AssignmentName -and -not $op.ScopeName) { $op.AssignmentName = $script:SmAssignment }
        }
        if (& $chance 0.5) {
            $onWrite = & $chance 0.5
            $cmdlet = $(if ($onWrite) { $script:SmWrites[$random.Next($script:SmWrites.Count)] } else { $script:SmReads[$random.Next($script:SmReads.Count)] })
            $op.Fault = [ordered]@{
                Cmdlet      = $cmdlet
                Kind        = @('Pipeline', 'Busy', 'Busy', 'Permanent')[$random.Next(4)]
                OnCall      = 1 + $random.Next(2)
                Count       = 1 + $random.Next(2)
                AfterCommit = ($onWrite -and (& $chance 0.4))
            }
        }
        $ops += , $op
    }
    [pscustomobject]@{ Seed = $Seed; Org = $org; Ops = $ops }
}

function Initialize-SmOrg {
    # Builds the organization a sequence starts from.
    param($Org)
    Reset-ExchangeEmulator -Version 2019
    Add-EmulatorRecipient -Name 'Alice' -Department 'Sales'
    Add-EmulatorRecipient -Name 'Bob' -Department 'Marketing'
    Add-EmulatorRecipient -Name 'helpdesk' -OrganizationalUnit 'contoso.com/Service Accounts'
    $details = 'UserMailbox'
    if ($Org.AccountKind -eq 'User') { $details = 'User' }
    Add-EmulatorRecipient -Name 'svc-sync' -UserPrincipalName $script:SmAccount -OrganizationalUnit 'contoso.com/Service Accounts' -RecipientTypeDetails $details
    if ($Org.ScopeSameName) { Add-EmulatorManagementScope -Name $script:SmScope -RecipientFilter ("Department -eq '{0}'" -f $Org.ScopeSameName) }
    switch ($Org.AssignmentSameName) {
        'Unscoped' { Add-EmulatorRoleAssignment -Name $script:SmAssignment -Role ApplicationImpersonation -Assignee 'svc-sync' }
        'Disabled' { Add-EmulatorRoleAssignment -Name $script:SmAssignment -Role ApplicationImpersonation -Assignee 'svc-sync' -Enabled $false }
        'OtherRole' { Add-EmulatorRoleAssignment -Name $script:SmAssignment -Role 'Mail Recipients' -Assignee 'svc-sync' }
        'OtherAssignee' {
            if (-not $Org.ScopeSameName) { Add-EmulatorManagementScope -Name $script:SmScope -RecipientFilter $script:SmFilter }
            Add-EmulatorRoleAssignment -Name $script:SmAssignment -Role ApplicationImpersonation -Assignee 'helpdesk' -CustomRecipientWriteScope $script:SmScope
        }
    }
    if ($Org.UnscopedGrant) { Add-EmulatorRoleAssignment -Name 'ApplicationImpersonation-svc-sync' -Role ApplicationImpersonation -Assignee 'svc-sync' -Enabled ($Org.UnscopedGrant -eq 'Enabled') }
    if ($Org.ExtraScopedGrant) {
        Add-EmulatorManagementScope -Name 'Extra-Scope' -RecipientFilter "Department -eq 'Marketing'"
        Add-EmulatorRoleAssignment -Name 'Extra-Imp' -Role ApplicationImpersonation -Assignee 'svc-sync' -CustomRecipientWriteScope 'Extra-Scope'
    }
    if ($Org.Orphan) { Add-EmulatorManagementScope -Name 'Orphan-Scope' -RecipientFilter "Department -eq 'Legal'" }
    if ($Org.Foreign) {
        Add-EmulatorManagementScope -Name 'Helpdesk-Scope' -RecipientFilter "Department -eq 'Support'"
        Add-EmulatorRoleAssignment -Name 'Helpdesk-Imp' -Role ApplicationImpersonation -Assignee 'helpdesk' -CustomRecipientWriteScope 'Helpdesk-Scope'
        Add-EmulatorRoleAssignment -Name 'svc-sync-MailRecipients' -Role 'Mail Recipients' -Assignee 'svc-sync'
    }
    if ($Org.LegacyAce) { Add-EmulatorAdPermission -Identity 'EX01' -User 'svc-sync' -ExtendedRights 'ms-Exch-EPI-Impersonation' }
}

function Set-SmFault {
    param($Fault)
    if ($null -eq $Fault) { return }
    $common = @{ Cmdlet = $Fault.Cmdlet; OnCall = $Fault.OnCall; Count = $Fault.Count }
    switch ($Fault.Kind) {
        'Pipeline' { Set-EmulatorFault @common -Kind ConcurrentPipeline }
        'Busy' { Set-EmulatorFault @common -Message $script:SmTransientText -ExceptionName 'ADTransientException' -AfterCommit:([bool]$Fault.AfterCommit) }
        'Permanent' { Set-EmulatorFault @common -Message $script:SmPermanentText -ExceptionName 'ADOperationException' }
    }
}

function Get-SmState {
    # The parts of the organization the invariants look at, from the text of Get-EmulatorState.
    param([string] $Text)
    $state = ConvertFrom-Json -InputObject $Text
    [pscustomobject]@{
        Scopes      = @($state.Scopes)
        Assignments = @($state.RoleAssignments)
        Recipients  = @($state.Recipients | ForEach-Object { [string]$_.DistinguishedName })
        Aces        = @($state.AdPermissions | ForEach-Object { '{0}|{1}|{2}' -f $_.ObjectDn, $_.User, (@($_.ExtendedRights) -join ',') })
    }
}

function Get-SmComparable {
    # The state text without object GUIDs: undoing a removal recreates the object, which Exchange (and the
    # emulator) give a new GUID; every name and property must be as before.
    param([string] $Text)
    [regex]::Replace($Text, '"(\w*Guid)":\s*"[^"]*"', '"$1":""')
}

function Get-SmBroadGrants {
    # The service account's enabled ApplicationImpersonation grants that reach beyond the requested filter.
    param($State)
    foreach ($a in $State.Assignments) {
        if ([string]$a.Role -ne 'ApplicationImpersonation' -or -not $a.Enabled -or [string]$a.RoleAssignee -ne 'svc-sync') { continue }
        $scopeName = [string]$a.CustomRecipientWriteScope
        if (-not $scopeName) { $scopeName = [string]$a.ExclusiveRecipientWriteScope }
        $filter = $null
        foreach ($s in $State.Scopes) { if ([string]$s.Name -eq $scopeName) { $filter = [string]$s.RecipientFilter } }
        if ($scopeName -and $filter -match "^\(?Department -eq 'Sales'\)?$") { continue }
        '{0} on {1} ({2})' -f $a.Name, $(if ($scopeName) { $scopeName } else { 'the whole organization' }), $filter
    }
}

function Invoke-SmOperation {
    # Runs one operation as an admin would; returns what happened.
    param($Op, [string] $Work)
    $outcome = [pscustomobject]@{ Failed = $false; Error = $null; Result = $null }
    $common = @{ Force = $true; RetryMaxSeconds = 0; ErrorAction = 'Stop'; WarningAction = 'SilentlyContinue' }
    try {
        switch ($Op.Kind) {
            'New' { $outcome.Result = New-LightningSyncServiceAccount -Identity $script:SmAccount -RecipientFilter $script:SmFilter -CreateMailbox -SkipLegacyAdPermission:([bool]$Op.SkipLegacy) @common }
            'NewUpdate' { $outcome.Result = New-LightningSyncServiceAccount -Identity $script:SmAccount -RecipientFilter $script:SmFilter -CreateMailbox -UpdateExistingScope -SkipLegacyAdPermission:([bool]$Op.SkipLegacy) @common }
            'Remove' { $outcome.Result = Remove-LightningSyncServiceAccount -Identity $script:SmAccount @common }
            'RemoveNamed' {
                $names = @{}
                if ($Op.AssignmentName) { $names['AssignmentName'] = $Op.AssignmentName }
                if ($Op.ScopeName) { $names['ScopeName'] = $Op.ScopeName }
                $outcome.Result = Remove-LightningSyncServiceAccount -Identity $script:SmAccount @names @common
            }
            'Script' {
                $path = Join-Path $Work 'setup.ps1'
                Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account $script:SmAccount -RecipientFilter $script:SmFilter -SkipLegacyAdPermission:([bool]$Op.SkipLegacy) |
                    Export-LightningSyncScript -Path $path -Force
                $null = & $path
            }
            'Snapshot' {
                $path = Join-Path $Work 'snapshot.clixml'
                Export-LightningSyncOrgSnapshot -Account $script:SmAccount -Path $path -Force -ErrorAction Stop | Out-Null
                $outcome.Result = Get-LightningSyncPlan -Snapshot $path -Account $script:SmAccount -RecipientFilter $script:SmFilter -SkipLegacyAdPermission:([bool]$Op.SkipLegacy) -ErrorAction Stop
            }
        }
    }
    catch {
        $outcome.Failed = $true
        $outcome.Error = $_
    }
    $outcome
}

function Test-SmStep {
    # The invariants after one operation; returns the violations found.
    param($Op, $Before, $BeforeText, $After, $AfterText, $Outcome)
    $violations = @()
    $broadBefore = @(Get-SmBroadGrants -State $Before)
    foreach ($grant in @(Get-SmBroadGrants -State $After)) {
        if ($broadBefore -notcontains $grant) { $violations += "the account gained impersonation broader than requested: $grant" }
    }
    $scopesAfter = @($After.Scopes | ForEach-Object { [string]$_.Name })
    $assignmentsAfter = @($After.Assignments | ForEach-Object { [string]$_.Name })
    $goneScopes = @($Before.Scopes | ForEach-Object { [string]$_.Name } | Where-Object { $scopesAfter -notcontains $_ })
    $goneAssignments = @($Before.Assignments | ForEach-Object { [string]$_.Name } | Where-Object { $assignmentsAfter -notcontains $_ })
    $goneRecipients = @($Before.Recipients | Where-Object { $After.Recipients -notcontains $_ })
    $goneAces = @($Before.Aces | Where-Object { $After.Aces -notcontains $_ })
    $gone = @($goneScopes + $goneAssignments + $goneRecipients + $goneAces)
    foreach ($name in @($goneScopes | Where-Object { $script:SmForeignScopes -contains $_ }) + @($goneAssignments | Where-Object { $script:SmForeignAssignments -contains $_ })) {
        $violations += "an object that belongs to others was deleted: $name"
    }
    if ($Op.Kind -in @('New', 'NewUpdate', 'Script', 'Snapshot') -and $gone.Count -gt 0) {
        $violations += "$($Op.Kind) deleted what it did not create: $($gone -join ', ')"
    }
    if ($Op.Kind -eq 'RemoveNamed') {
        $named = @($Op.AssignmentName, $Op.ScopeName) | Where-Object { $_ }
        foreach ($name in $gone) { if ($named -notcontains $name) { $violations += "Remove deleted '$name', which it was not asked to remove" } }
    }
    if ($Op.Kind -eq 'Remove') {
        foreach ($name in $goneAssignments) {
            $a = @($Before.Assignments | Where-Object { [string]$_.Name -eq $name })[0]
            if ([string]$a.RoleAssignee -ne 'svc-sync' -or [string]$a.Role -ne 'ApplicationImpersonation') { $violations += "Remove deleted the assignment '$name' of '$($a.RoleAssignee)' ($($a.Role))" }
        }
        if ($goneRecipients.Count -gt 0) { $violations += "Remove deleted recipients without -RemoveMailbox: $($goneRecipients -join ', ')" }
    }
    if ($Op.Kind -in @('New', 'NewUpdate', 'Remove', 'RemoveNamed') -and $Outcome.Failed -and (Get-SmComparable $AfterText) -ne (Get-SmComparable $BeforeText)) {
        $violations += "$($Op.Kind) failed ($($Outcome.Error.FullyQualifiedErrorId): $($Outcome.Error.Exception.Message)) but did not leave the organization as before"
    }
    if ($Op.Kind -in @('New', 'NewUpdate') -and -not $Outcome.Failed -and -not $Outcome.Result.Converged) {
        $violations += "$($Op.Kind) succeeded but does not report Converged"
    }
    $violations
}

function Test-SmRerun {
    # A run again on the organization an operation just converged writes nothing.
    param($Op, [string] $Work)
    if ($Op.Kind -notin @('New', 'NewUpdate', 'Script')) { return }
    Clear-EmulatorCallLog
    $again = Invoke-SmOperation -Op ([ordered]@{ Kind = $Op.Kind; SkipLegacy = $Op.SkipLegacy; Fault = $null }) -Work $Work
    $writes = @(Get-EmulatorCallLog -WriteOnly | Where-Object { $_.Outcome -ne 'WhatIf' })
    if ($again.Failed) { return "$($Op.Kind) run again on the converged organization failed: $($again.Error.Exception.Message)" }
    if ($writes.Count -gt 0) { return "$($Op.Kind) run again on the converged organization wrote: $(@($writes | ForEach-Object { $_.Cmdlet }) -join ', ')" }
}

function Invoke-SmSequence {
    # Runs one sequence; returns $null or the first violation (step number and text).
    param($Sequence, [string] $Work)
    Initialize-SmOrg -Org $Sequence.Org
    $step = 0
    foreach ($op in $Sequence.Ops) {
        $step++
        $beforeText = Get-EmulatorState
        $before = Get-SmState -Text $beforeText
        Set-SmFault -Fault $op.Fault
        $outcome = Invoke-SmOperation -Op $op -Work $Work
        Clear-EmulatorFault
        $afterText = Get-EmulatorState
        $after = Get-SmState -Text $afterText
        $violations = @(Test-SmStep -Op $op -Before $before -BeforeText $beforeText -After $after -AfterText $afterText -Outcome $outcome)
        if ($violations.Count -eq 0 -and -not $outcome.Failed) { $violations = @(Test-SmRerun -Op $op -Work $Work) }
        if ($violations.Count -gt 0) { return ('step {0} ({1}): {2}' -f $step, $op.Kind, ($violations -join '; ')) }
    }
    $null
}

function Find-SmShortest {
    # Shrinks a failing sequence: drops operations, then faults, while it still fails.
    param($Sequence, [string] $Work)
    $current = $Sequence
    $shrunk = $true
    while ($shrunk) {
        $shrunk = $false
        for ($i = 0; $i -lt @($current.Ops).Count; $i++) {
            $ops = @(for ($j = 0; $j -lt @($current.Ops).Count; $j++) { if ($j -ne $i) { , $current.Ops[$j] } })
            if ($ops.Count -eq 0) { continue }
            $candidate = [pscustomobject]@{ Seed = $current.Seed; Org = $current.Org; Ops = $ops }
            if ($null -ne (Invoke-SmSequence -Sequence $candidate -Work $Work)) { $current = $candidate; $shrunk = $true; break }
        }
    }
    foreach ($op in $current.Ops) {
        if ($null -eq $op.Fault) { continue }
        $fault = $op.Fault
        $op.Fault = $null
        if ($null -eq (Invoke-SmSequence -Sequence $current -Work $Work)) { $op.Fault = $fault }
    }
    $current
}

function Format-SmSequence {
    param($Sequence)
    $lines = @("seed $($Sequence.Seed); org: " + (($Sequence.Org.GetEnumerator() | ForEach-Object { '{0}={1}' -f $_.Key, $_.Value }) -join ', '))
    $n = 0
    foreach ($op in $Sequence.Ops) {
        $n++
        $text = '  {0}. {1}' -f $n, $op.Kind
        if (-not $op.SkipLegacy) { $text += ' (legacy AD rights)' }
        if ($op.AssignmentName) { $text += " -AssignmentName '$($op.AssignmentName)'" }
        if ($op.ScopeName) { $text += " -ScopeName '$($op.ScopeName)'" }
        if ($op.Fault) { $text += ' with fault {0} on {1} (call {2}, {3}x{4})' -f $op.Fault.Kind, $op.Fault.Cmdlet, $op.Fault.OnCall, $op.Fault.Count, $(if ($op.Fault.AfterCommit) { ', after commit' } else { '' }) }
        $lines += $text
    }
    $lines -join [Environment]::NewLine
}
