# Helpers the *.Bench.ps1 scripts share (dot-sourced; build.ps1 runs only *.Bench.ps1).

function Get-Median([double[]] $Values) {
    # The median of the values (the mean of the two middle ones for an even count).
    $sorted = @($Values | Sort-Object)
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2 -eq 1) { return $sorted[$middle] }
    ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

function Invoke-AdvancedFunction {
    # Test-LightningSyncRecipientFilter's parameter block with no work: PowerShell's binding cost.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [AllowEmptyString()]
        [Alias('Filter', 'RecipientRestrictionFilter')]
        [object] $RecipientFilter,

        [ValidateSet('OnPremises', 'ExchangeOnline')]
        [string] $Environment = 'OnPremises'
    )
    process { $RecipientFilter }
}

function Measure-Loop([scriptblock] $Body, [int] $Iterations) {
    # Microseconds per iteration of a loop body that runs $Iterations times.
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    & $Body
    $watch.Stop()
    $watch.Elapsed.TotalMilliseconds * 1000.0 / $Iterations
}
