# Dot-sourced by the example scripts: imports the newest staged build of the module
# (out/LightningSync/<version>/), or stops with how to build it.

function Import-StagedLightningSync {
    param([Parameter(Mandatory)] [string] $Root)
    $staged = Get-ChildItem -Path (Join-Path $Root 'out/LightningSync') -Directory -ErrorAction SilentlyContinue |
        Sort-Object { [version]$_.Name } | Select-Object -Last 1
    if (-not $staged) { throw 'The module is not built: run ./build.ps1 -Task Build first.' }
    Import-Module (Join-Path $staged.FullName 'LightningSync.psd1') -Force
}
