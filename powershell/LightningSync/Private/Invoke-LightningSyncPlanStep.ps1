function Invoke-LightningSyncPlanStep {
    <#
    .SYNOPSIS
    Applies one plan step (or its undo) through the native Exchange cmdlet, with
    the retry policy for transient faults, and proves the effect with the step's
    verify read.

    .DESCRIPTION
    The step's parameters are splatted to its cmdlet by name (secret placeholders
    filled from -Secrets), with -ErrorAction Stop and -Confirm:$false. Transient
    faults (Get-LightningSyncTransientFault) are retried with doubling waits
    within the policy's bounds; any other error ends the step at once. Before a
    write is tried again, the verify read checks whether the failed try took
    effect after all, so a create is never sent twice; and when a later try meets
    "already exists" after such a fault, the earlier try is taken to have made it.

    Returns a PSCustomObject: Succeeded, Applied (the change is in the
    organization, so an undo is owed), Attempts, Faults (the transient faults met),
    ErrorRecord, Output, Verified, Duration.

    .PARAMETER Mode
    Apply runs the step itself; Undo runs its undo (an undo that finds its
    object already gone counts as done).
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [object] $Step,
        [hashtable] $Secrets = @{},
        [hashtable] $Policy = (Get-LightningSyncRetryPolicy),
        [string[]] $CreatedNames = @(),
        [string] $DomainController,
        [ValidateSet('Apply', 'Undo')] [string] $Mode = 'Apply'
    )

    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $result = [pscustomobject]@{
        Succeeded   = $false
        Applied     = $false
        Attempts    = 0
        Faults      = @()
        ErrorRecord = $null
        Output      = @()
        Verified    = $null
        Duration    = [timespan]::Zero
    }

    $cmdlet = [string]$Step.cmdlet
    $parameters = $Step.parameters
    $verify = $null
    if ($Mode -eq 'Apply') {
        if ($null -ne $Step.PSObject.Properties['verify']) { $verify = $Step.verify }
    }
    else {
        $undo = $Step.undo
        $cmdlet = [string]$undo.cmdlet
        $parameters = $undo.parameters
    }
    $isRemoval = $cmdlet -like 'Remove-*'

    try {
        $splat = ConvertTo-LightningSyncSplat -Parameters $parameters -Secrets $Secrets
    }
    catch {
        $result.ErrorRecord = $_
        $result.Duration = $watch.Elapsed
        return $result
    }

    $waited = 0.0
    # Set once a try failed in a way that may have struck after the change was made.
    $mayHaveCommitted = $false
    while ($true) {
        $result.Attempts++
        # The error comes back as data (nothing caught, nothing left in the caller's -ErrorVariable or $Error).
        $call = Invoke-LightningSyncExchangeCall -Name $cmdlet -Parameters $splat -DomainController $DomainController
        if ($null -eq $call.ErrorRecord) {
            $result.Output = @($call.Output)
            $result.Applied = $true
            break
        }
        else {
            $record = $call.ErrorRecord
            $kind = Get-LightningSyncTransientFault -ErrorRecord $record -CreatedNames $CreatedNames
            if ($Mode -eq 'Apply' -and $mayHaveCommitted -and (Test-LightningSyncAlreadyExistsError -ErrorRecord $record)) {
                # An earlier try was made before its error was reported (its object was not yet visible to the check).
                Write-Verbose ("{0}: an earlier try took effect after all (the object now exists)." -f $cmdlet)
                $result.Applied = $true
                break
            }
            if ($null -ne $kind -and $kind -ne 'ConcurrentPipeline') { $mayHaveCommitted = $true }
            if ($Mode -eq 'Undo' -and $isRemoval -and $null -eq $kind -and (Test-LightningSyncNotFoundError -ErrorRecord $record)) {
                Write-Verbose ("{0}: the object is already gone; nothing to undo." -f $cmdlet)
                $result.Applied = $true
                break
            }
            $delay = -1
            if ($null -ne $kind) {
                $result.Faults += $kind
                $delay = Get-LightningSyncRetryDelay -Policy $Policy -Attempt $result.Attempts -WaitedSeconds $waited
            }
            if ($delay -lt 0) {
                $result.ErrorRecord = $record
                if ($Mode -eq 'Apply' -and $null -ne $verify -and $null -ne $kind -and $kind -ne 'ConcurrentPipeline') {
                    # A transient fault may strike after the write was made; then it must be undone too. A permanent
                    # error (already exists, not found ...) never counts as this run's change.
                    $probe = Test-LightningSyncStepEffect -Verify $verify -Removal:$isRemoval -Secrets $Secrets -DomainController $DomainController
                    if ($probe.Present) { $result.Applied = $true }
                }
                $result.Duration = $watch.Elapsed
                return $result
            }
            Write-Verbose ("{0} met a transient fault ({1}): {2} Trying again in {3} ms (try {4} of {5})." -f $cmdlet, $kind, $record.Exception.Message, $delay, ($result.Attempts + 1), $Policy.RetryCount)
            if ($delay -gt 0) { Start-Sleep -Milliseconds $delay }
            $waited += $delay / 1000.0
            if ($Mode -eq 'Apply' -and $null -ne $verify -and $kind -ne 'ConcurrentPipeline') {
                $probe = Test-LightningSyncStepEffect -Verify $verify -Removal:$isRemoval -Secrets $Secrets -DomainController $DomainController
                if ($probe.Present) {
                    Write-Verbose ("{0}: the failed try took effect after all; not sending it again." -f $cmdlet)
                    $result.Applied = $true
                    break
                }
            }
        }
    }

    if ($Mode -eq 'Apply' -and $null -ne $verify) {
        $check = Wait-LightningSyncStepEffect -Verify $verify -Removal:$isRemoval -Secrets $Secrets -Policy $Policy -DomainController $DomainController
        $result.Verified = $check.Present
        $result.Faults += @($check.Faults)
        if (-not $check.Present) {
            $result.ErrorRecord = $check.ErrorRecord
            $result.Duration = $watch.Elapsed
            return $result
        }
    }
    $result.Succeeded = $true
    $result.Duration = $watch.Elapsed
    $result
}

function Test-LightningSyncAlreadyExistsError {
    # True when the error is Exchange's "The object '<DN>' already exists."
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord)

    (Get-LightningSyncCmdletErrorClass -ErrorRecord $ErrorRecord).Kind -eq 'AlreadyExists'
}

function Test-LightningSyncNotFoundError {
    # True when the error is Exchange's "object couldn't be found".
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord)

    (Get-LightningSyncCmdletErrorClass -ErrorRecord $ErrorRecord).Kind -eq 'NotFound'
}

function Test-LightningSyncStepEffect {
    <#
    .SYNOPSIS
    Runs a step's verify read once. Present is true when the read shows the step's
    effect: with expect Present (the default), an object that has every value of
    the verify's properties; with expect Absent (or -Removal when the verify says
    nothing), no such object, or Exchange's not-found error.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [object] $Verify,
        [switch] $Removal,
        [hashtable] $Secrets = @{},
        [string] $DomainController
    )

    $expectAbsent = [bool]$Removal
    if ($null -ne $Verify.PSObject.Properties['expect'] -and $Verify.expect) { $expectAbsent = [string]$Verify.expect -eq 'Absent' }
    $wanted = $null
    if ($null -ne $Verify.PSObject.Properties['properties']) { $wanted = $Verify.properties }

    $probe = [pscustomobject]@{ Present = $false; ErrorRecord = $null; Transient = $null }
    $splat = ConvertTo-LightningSyncSplat -Parameters $Verify.parameters -Secrets $Secrets
    $call = Invoke-LightningSyncExchangeCall -Name ([string]$Verify.cmdlet) -Parameters $splat -DomainController $DomainController
    if ($null -eq $call.ErrorRecord) {
        $found = @($call.Output)
        $matching = @($found | Where-Object { Test-LightningSyncObjectProperties -InputObject $_ -Properties $wanted })
        if ($expectAbsent) { $probe.Present = $matching.Count -eq 0 } else { $probe.Present = $matching.Count -gt 0 }
        if (-not $probe.Present) {
            $probe.Transient = 'Replication'
            $message = "The check {0} does not show the change yet." -f ([string]$Verify.cmdlet)
            if ($expectAbsent) { $message = "The check {0} still shows the object." -f ([string]$Verify.cmdlet) }
            $probe.ErrorRecord = New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.StepNotVerified' -Category ObjectNotFound
        }
    }
    else {
        $record = $call.ErrorRecord
        if (Test-LightningSyncNotFoundError -ErrorRecord $record) {
            $probe.Present = $expectAbsent
            if (-not $expectAbsent) { $probe.Transient = 'Replication'; $probe.ErrorRecord = $record }
        }
        else {
            $probe.ErrorRecord = $record
            $probe.Transient = Get-LightningSyncTransientFault -ErrorRecord $record
        }
    }
    $probe
}

function Test-LightningSyncObjectProperties {
    <#
    .SYNOPSIS
    True when the object has every property value given (compared as text, case
    insensitively; a multi-valued property matches when one of its values or all
    of them joined with ', ' match). No properties: always true.
    #>
    [CmdletBinding()]
    [OutputType([bool])]
    param(
        [AllowNull()] [object] $InputObject,
        [AllowNull()] [object] $Properties
    )

    if ($null -eq $Properties) { return $true }
    if ($null -eq $InputObject) { return $false }
    foreach ($wanted in @($Properties.PSObject.Properties)) {
        $property = $InputObject.PSObject.Properties[$wanted.Name]
        if ($null -eq $property) { return $false }
        $expected = @($wanted.Value | ForEach-Object { [string]$_ }) -join ', '
        $actual = $property.Value
        $texts = @()
        if ($actual -is [System.Collections.IEnumerable] -and -not ($actual -is [string])) {
            $texts = @($actual | ForEach-Object { [string]$_ })
            $texts += ($texts -join ', ')
        }
        else {
            $texts = @([string]$actual)
        }
        $hit = $false
        foreach ($text in $texts) {
            if ([string]::Equals($text, $expected, [System.StringComparison]::OrdinalIgnoreCase)) { $hit = $true; break }
        }
        if (-not $hit) { return $false }
    }
    $true
}

function Wait-LightningSyncStepEffect {
    <#
    .SYNOPSIS
    Repeats a step's verify read with the retry policy until it shows the effect
    (replication: a new object is not yet visible) or the policy is spent.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [object] $Verify,
        [switch] $Removal,
        [hashtable] $Secrets = @{},
        [hashtable] $Policy = (Get-LightningSyncRetryPolicy),
        [string] $DomainController
    )

    $attempt = 0
    $waited = 0.0
    $faults = @()
    while ($true) {
        $attempt++
        $probe = Test-LightningSyncStepEffect -Verify $Verify -Removal:$Removal -Secrets $Secrets -DomainController $DomainController
        if ($probe.Present) {
            return [pscustomobject]@{ Present = $true; ErrorRecord = $null; Faults = $faults }
        }
        $delay = -1
        if ($null -ne $probe.Transient) {
            $faults += $probe.Transient
            $delay = Get-LightningSyncRetryDelay -Policy $Policy -Attempt $attempt -WaitedSeconds $waited
        }
        if ($delay -lt 0) {
            return [pscustomobject]@{ Present = $false; ErrorRecord = $probe.ErrorRecord; Faults = $faults }
        }
        Write-Verbose ("{0} does not show the change yet ({1}); reading again in {2} ms." -f ([string]$Verify.cmdlet), $probe.Transient, $delay)
        if ($delay -gt 0) { Start-Sleep -Milliseconds $delay }
        $waited += $delay / 1000.0
    }
}
