function Export-LightningSyncScript {
    <#
    .SYNOPSIS
    Writes a plan as a commented PowerShell script for the Exchange admin to review and run.

    .DESCRIPTION
    Every value in the script is a single-quoted literal with each quote character doubled (including
    the typographic quotes PowerShell also treats as single quotes), so names and filters can never be
    expanded or run as code. Filters are passed as strings, not script blocks, so the script also works
    in remote sessions. Each step first reads the object and skips work already done, so the script can
    be run again safely; every call uses -ErrorAction Stop and every write -Confirm:$false; collections
    are read into variables before looping. The script is all or nothing: each write records how to
    take it back, and when a later step fails the changes this run made are undone, newest first, with a
    warning per change; the error then ends the script. A new mailbox's password is a SecureString parameter of the
    script (-Password), asked for when missing. The file is written as UTF-8 with a byte-order mark.

    .PARAMETER Plan
    A plan from Get-LightningSyncPlan (pipeline input).

    .PARAMETER Path
    The .ps1 file to write.

    .PARAMETER Force
    Overwrite an existing file (one written before this call: two plans piped to one -Path are an error
    for the second, LightningSync.ScriptPathRepeated).

    .PARAMETER PassThru
    Return the file.

    .EXAMPLE
    PS> Get-LightningSyncPlan -Account svc-sync@contoso.com -RecipientFilter "Department -eq 'Sales'" | Export-LightningSyncScript -Path .\setup-lightningsync.ps1

    Writes the remaining setup steps of the current organization as a script.

    .EXAMPLE
    PS> $plan = Get-LightningSyncPlan -Offline -ExchangeVersion 2019 -Account svc@contoso.com -RecipientFilter "Office -eq 'Paris'"
    PS> Export-LightningSyncScript -Plan $plan -Path .\setup.ps1 -WhatIf

    Shows where the script would be written.

    .INPUTS
    LightningSync.Plan

    .OUTPUTS
    None, or System.IO.FileInfo with -PassThru
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory, ValueFromPipeline)]
        [ValidateNotNull()]
        [object] $Plan,

        [Parameter(Mandatory, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string] $Path,

        [switch] $Force,

        [switch] $PassThru
    )

    begin {
        # The files this call wrote: a second plan down the same pipeline never overwrites the first.
        Import-LightningSyncPrivateFunction
        Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0
        $written = @{}
    }

    process {
        $full = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
        if ($written.ContainsKey($full)) {
            $message = "Another plan of this pipeline was already written to '$full'; this one is not written. Give each plan its own -Path, e.g. ... | ForEach-Object { Export-LightningSyncScript -Plan `$_ -Path ('setup-{0}.ps1' -f `$_.Kind) }."
            $PSCmdlet.WriteError((New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.ScriptPathRepeated' -Category ResourceExists -TargetObject $full))
            return
        }
        $pathError = Get-LightningSyncOutputPathError -Path $full -Force:$Force -ExistsErrorId 'LightningSync.ScriptFileExists'
        if ($null -ne $pathError) { $PSCmdlet.ThrowTerminatingError($pathError) }
        $json = $null
        if ($Plan -is [LightningSync.Plan]) {
            $json = $Plan.ToJson()
        }
        elseif ($null -ne $Plan.PSObject.Properties['Json'] -and $Plan.Json -is [string]) {
            $json = $Plan.Json
        }
        elseif ($Plan -is [string]) {
            $json = $Plan
        }
        else {
            $copy = $Plan | Select-Object -Property * -ExcludeProperty Json
            $json = ConvertTo-Json -InputObject $copy -Depth 10 -Compress
        }
        try {
            $script = [LightningSync.Interop.PlanNative]::RenderScript($json)
        }
        catch {
            $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $_.Exception -TargetObject $full))
        }
        if (-not $PSCmdlet.ShouldProcess($full, 'Write the LightningSync plan script')) { return }
        $writeError = Write-LightningSyncTextFile -Path $full -Text $script -ByteOrderMark
        if ($null -ne $writeError) { $PSCmdlet.ThrowTerminatingError($writeError) }
        $written[$full] = $true
        if ($PassThru) { Get-Item -LiteralPath $full }
    }
}
