function ConvertTo-LightningSyncReportOption {
    <#
    .SYNOPSIS
    The report options JSON for lsync_report_render: account, recipient exports, plan, probe results,
    time, module version and the inputs listed at the bottom of the page.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [AllowNull()] [AllowEmptyString()] [string] $Account,
        [Parameter(Mandatory)] [string] $Source,
        [AllowNull()] [string[]] $RecipientPath,
        [AllowNull()] [object] $Plan,
        [AllowNull()] [object[]] $ProbeResult,
        [int] $SampleSize = 25,
        [AllowNull()] [version] $ModuleVersion
    )

    $inputs = New-Object System.Collections.Generic.List[object]
    $inputs.Add(@{ label = 'Organization'; value = $Source })
    foreach ($p in @($RecipientPath)) { if ($p) { $inputs.Add(@{ label = 'Recipients'; value = $p }) } }
    $probes = @(foreach ($r in @($ProbeResult)) {
        if ($null -eq $r) { continue }
        @{
            mailbox      = [string]$r.Mailbox
            success      = [bool]$r.Success
            responseCode = [string]$r.ResponseCode
            meaning      = [string]$r.Meaning
            fix          = [string]$r.Fix
            access       = [string]$r.Access
        }
    })
    if ($probes.Count -gt 0) { $inputs.Add(@{ label = 'Probes'; value = "$($probes.Count) Test-LightningSyncImpersonation result(s)" }) }
    $options = @{
        recipientPaths = @($RecipientPath | Where-Object { $_ })
        probes         = $probes
        inputs         = $inputs.ToArray()
        sampleSize     = $SampleSize
        generatedAt    = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture) + ' UTC'
    }
    if ($Account) { $options['account'] = $Account }
    if ($ModuleVersion) { $options['moduleVersion'] = $ModuleVersion.ToString() }
    $json = ConvertTo-Json -InputObject $options -Depth 5 -Compress
    if ($null -ne $Plan) {
        $planJson = $null
        if ($Plan -is [LightningSync.Plan]) { $planJson = $Plan.ToJson() }
        elseif ($null -ne $Plan.PSObject.Properties['Json']) { $planJson = [string]$Plan.Json }
        if (-not $planJson) { $planJson = ConvertTo-Json -InputObject $Plan -Depth 12 -Compress }
        $json = $json.Substring(0, $json.Length - 1) + ',"plan":' + $planJson + '}'
    }
    $json
}
