<#
.SYNOPSIS
Per-call cost of Test-LightningSyncRecipientFilter in a PowerShell loop, next to
a bare PowerShell function call measured in the same run.

.DESCRIPTION
Times, in the same process and interleaved round by round:
  bare      a one-line PowerShell function taking the filter (the floor of any
            function call in this shell),
  cmdlet    Test-LightningSyncRecipientFilter -RecipientFilter <filter>,
  advanced  an empty advanced function with the cmdlet's parameter block
            (PowerShell's parameter-binding cost, for reference),
  native    the C# call the cmdlet makes ([RecipientFilterCheck]::Test: compile,
            one lsync_filter_report call, result object), without PowerShell
            parameter binding.
The filters rotate through valid, invalid and warning-producing examples.
Prints microseconds per call for each (median of the rounds, and the best
round, which is the figure least disturbed by other load on the machine), the
ratio cmdlet/bare, and whether the goal of at most 50 us per call is met (on
the median); writes the figures to <OutDir>/bench/RecipientFilter.json.

.PARAMETER ModuleManifest
The staged LightningSync.psd1 to benchmark.

.PARAMETER OutDir
Folder for the JSON result (a bench subfolder is created).

.PARAMETER Iterations
Calls per round and measured function.

.PARAMETER Rounds
Measured rounds (after one warm-up round). Many short rounds, each timing
the three back to back, keep the comparison fair when other work loads the
machine: the ratio is the median of the per-round ratios.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $OutDir,
    [int] $Iterations = 500,
    [int] $Rounds = 40
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).Path
Import-Module $ModuleManifest -Force

$GoalMicroseconds = 50
$Filters = @(
    "Department -eq 'Sales'"
    "(RecipientTypeDetails -eq 'UserMailbox' -or RecipientTypeDetails -eq 'SharedMailbox') -and CustomAttribute7 -like 'SFDC*'"
    "Department -ne 'Sales' -and Office -like 'Paris'"
    'Department -eq Sales'
    "MemberOfGroup -eq 'CN=Lightning Sync Users,OU=Groups,DC=contoso,DC=com' -and -not (Title -eq 'Contractor')"
)
$FilterCount = $Filters.Count

function Invoke-BareFunction {
    param($RecipientFilter)
    $RecipientFilter
}

. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$bare = {
    for ($i = 0; $i -lt $Iterations; $i++) { $null = Invoke-BareFunction -RecipientFilter $Filters[$i % $FilterCount] }
}
$advanced = {
    for ($i = 0; $i -lt $Iterations; $i++) { $null = Invoke-AdvancedFunction -RecipientFilter $Filters[$i % $FilterCount] }
}
$cmdlet = {
    for ($i = 0; $i -lt $Iterations; $i++) { $null = Test-LightningSyncRecipientFilter -RecipientFilter $Filters[$i % $FilterCount] }
}
$native = {
    for ($i = 0; $i -lt $Iterations; $i++) { $null = [LightningSync.Interop.RecipientFilterCheck]::Test($Filters[$i % $FilterCount], 0) }
}

# The cmdlet must do the real work, not fail fast.
$check = @($Filters | Test-LightningSyncRecipientFilter)
if ($check.Count -ne $FilterCount -or @($check | Where-Object { -not $_.IsValid }).Count -ne 1) {
    throw 'Test-LightningSyncRecipientFilter did not return the expected results; the benchmark would measure nothing.'
}

$samples = @{ Bare = @(); Advanced = @(); Cmdlet = @(); Native = @(); Ratio = @() }
for ($round = 0; $round -le $Rounds; $round++) {
    $b = Measure-Loop $bare $Iterations
    $a = Measure-Loop $advanced $Iterations
    $c = Measure-Loop $cmdlet $Iterations
    $n = Measure-Loop $native $Iterations
    if ($round -gt 0) {
        # Round 0 warms up the JIT and the caches.
        $samples.Bare += $b
        $samples.Advanced += $a
        $samples.Cmdlet += $c
        $samples.Native += $n
        $samples.Ratio += $c / $b
    }
}


$bareUs = Get-Median $samples.Bare
$cmdletUs = Get-Median $samples.Cmdlet
$nativeUs = Get-Median $samples.Native
$advancedUs = Get-Median $samples.Advanced
$advancedBest = ($samples.Advanced | Measure-Object -Minimum).Minimum
$bareBest = ($samples.Bare | Measure-Object -Minimum).Minimum
$cmdletBest = ($samples.Cmdlet | Measure-Object -Minimum).Minimum
$nativeBest = ($samples.Native | Measure-Object -Minimum).Minimum
$ratio = Get-Median $samples.Ratio
$ratioBest = $cmdletBest / $bareBest
$met = $cmdletUs -le $GoalMicroseconds

$invariant = [System.Globalization.CultureInfo]::InvariantCulture
function Format-Us([double] $Value) { $Value.ToString('0.0', $invariant).PadLeft(7) }

"Test-LightningSyncRecipientFilter per-call cost ($Iterations calls x $Rounds rounds; PowerShell $($PSVersionTable.PSVersion) $($PSVersionTable.PSEdition))"
'                                          median     best  (us/call)'
"  bare PowerShell function call        $(Format-Us $bareUs)  $(Format-Us $bareBest)"
"  empty advanced function, same params $(Format-Us $advancedUs)  $(Format-Us $advancedBest)"
"  Test-LightningSyncRecipientFilter    $(Format-Us $cmdletUs)  $(Format-Us $cmdletBest)"
"  native check alone (C# + ABI)        $(Format-Us $nativeUs)  $(Format-Us $nativeBest)"
"  ratio cmdlet / bare function         $($ratio.ToString('0.00', $invariant).PadLeft(7))  $($ratioBest.ToString('0.00', $invariant).PadLeft(7))"
if ($met) {
    "  goal <= $GoalMicroseconds us/call (median): met"
}
else {
    "  goal <= $GoalMicroseconds us/call (median): NOT met; best round $($cmdletBest.ToString('0.0', $invariant)) us, a bare function call costs $($bareUs.ToString('0.0', $invariant)) us in this shell"
}

$benchDir = Join-Path $OutDir 'bench'
New-Item -ItemType Directory -Force -Path $benchDir | Out-Null
$result = [ordered]@{
    Benchmark                = 'RecipientFilter'
    PowerShell               = "$($PSVersionTable.PSVersion) $($PSVersionTable.PSEdition)"
    Iterations               = $Iterations
    Rounds                   = $Rounds
    BareFunctionMicroseconds = [math]::Round($bareUs, 2)
    CmdletMicroseconds       = [math]::Round($cmdletUs, 2)
    NativeMicroseconds       = [math]::Round($nativeUs, 2)
    AdvancedMicroseconds     = [math]::Round($advancedUs, 2)
    AdvancedBest             = [math]::Round($advancedBest, 2)
    BareFunctionBest         = [math]::Round($bareBest, 2)
    CmdletBest               = [math]::Round($cmdletBest, 2)
    NativeBest               = [math]::Round($nativeBest, 2)
    Ratio                    = [math]::Round($ratio, 3)
    RatioBest                = [math]::Round($ratioBest, 3)
    GoalMicroseconds         = $GoalMicroseconds
    GoalMet                  = $met
    Samples                  = $samples
}
Set-Content -Path (Join-Path $benchDir 'RecipientFilter.json') -Value (ConvertTo-Json -InputObject $result -Depth 4) -Encoding UTF8
