function Export-LightningSyncReport {
    <#
    .SYNOPSIS
    Writes the impersonation audit as one self-contained HTML page: who can impersonate whom, how many mailboxes each grant reaches, what is wrong and the command that fixes it.

    .DESCRIPTION
    Audits the organization (the current Exchange session, or a snapshot from Export-LightningSyncOrgSnapshot)
    and writes one HTML file to attach to a change request. At the top, a verdict per account: how many
    mailboxes it can impersonate out of how many, and its worst finding. Per account: its assignments, their
    scopes and canonical filters, a chart of covered vs total mailboxes by RecipientTypeDetails and a sample
    of covered mailboxes. Then every finding, most severe first, with what it means and the command that fixes
    it; the pending plan when one is piped in (Get-LightningSyncPlan) and not converged; EWS probe results
    (Test-LightningSyncImpersonation) when given; and the inputs, the time and the module version.

    The page loads nothing (inline CSS and SVG, no script, a Content-Security-Policy forbidding everything
    else), prints cleanly and reads on a phone. Names, filters and messages from the organization are always
    shown as text, never interpreted as markup.

    Without -Account the report covers every account holding ApplicationImpersonation or an application role.
    Coverage needs recipients: a live audit reads them (Get-Recipient); for a snapshot taken without
    -IncludeRecipients pass Get-User / Get-Mailbox / Get-Recipient exports with -RecipientPath.

    .PARAMETER Path
    The HTML file to write.

    .PARAMETER Account
    Only this account (UPN, alias, DOMAIN\sam, or the assignee name an assignment shows). Live, it is also the
    service account whose user and mailbox are checked.

    .PARAMETER Snapshot
    A snapshot file from Export-LightningSyncOrgSnapshot instead of the live session.

    .PARAMETER RecipientPath
    Recipient exports (Export-Clixml or Export-Csv of Get-User, Get-Mailbox or Get-Recipient) to evaluate the
    scopes over, instead of the snapshot's or the session's recipients. Records of the same object in several
    files are joined.

    .PARAMETER Plan
    A plan from Get-LightningSyncPlan (pipeline input): its pending steps and their commands are listed.

    .PARAMETER ProbeResult
    Results of Test-LightningSyncImpersonation to include.

    .PARAMETER DomainController
    Live, on-premises: the domain controller to read from.

    .PARAMETER SampleSize
    How many covered mailboxes to list per account (default 25).

    .PARAMETER Force
    Overwrite an existing file.

    .PARAMETER PassThru
    Return the written file.

    .EXAMPLE
    PS> Export-LightningSyncReport -Path .\impersonation.html

    Audits the current Exchange session and writes the report for every account holding impersonation rights.

    .EXAMPLE
    PS> Export-LightningSyncReport -Path .\report.html -Snapshot .\contoso.clixml -RecipientPath .\users.xml, .\mailboxes.xml -Force -PassThru

    Writes the report from a snapshot, evaluating the scopes over saved Get-User and Get-Mailbox exports.

    .EXAMPLE
    PS> Get-LightningSyncPlan -Account svc-sync@contoso.com -RecipientFilter "Department -eq 'Sales'" | Export-LightningSyncReport -Path .\svc-sync.html -Account svc-sync@contoso.com -ProbeResult (Test-LightningSyncImpersonation -Mailbox ann@contoso.com -Credential $cred -EwsUrl $url)

    One account's report with the steps still needed to set it up and the result of an EWS probe.

    .EXAMPLE
    PS> Export-LightningSyncReport -Path .\report.html -WhatIf

    Shows where the report would be written, without reading Exchange.

    .OUTPUTS
    System.IO.FileInfo (with -PassThru)
    #>
    [CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'Live')]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string] $Path,

        [Parameter(ValueFromPipelineByPropertyName)]
        [Alias('Identity')]
        [string] $Account,

        [Parameter(Mandatory, ParameterSetName = 'Snapshot')]
        [ValidateNotNullOrEmpty()]
        [string] $Snapshot,

        [ValidateNotNullOrEmpty()]
        [string[]] $RecipientPath,

        [Parameter(ValueFromPipeline)]
        [PSTypeName('LightningSync.Plan')]
        [object] $Plan,

        [object[]] $ProbeResult,

        [Parameter(ParameterSetName = 'Live')]
        [string] $DomainController,

        [ValidateRange(0, 1000)]
        [int] $SampleSize = 25,

        [switch] $Force,

        [switch] $PassThru
    )

    begin {
        Import-LightningSyncPrivateFunction
        Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0
        $plans = New-Object System.Collections.Generic.List[object]
    }

    process {
        if ($null -ne $Plan) { $plans.Add($Plan) }
    }

    end {
        $full = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
        $inputs = Assert-LightningSyncReportInput -Cmdlet $PSCmdlet -Path $full -Snapshot $Snapshot -RecipientPath $RecipientPath -Force:$Force -PlanCount $plans.Count
        if (-not $PSCmdlet.ShouldProcess($full, 'Write the impersonation audit report')) { return }

        $activity = 'Export-LightningSyncReport'
        try {
            if ($PSCmdlet.ParameterSetName -eq 'Snapshot') {
                Write-Progress -Activity $activity -Status "Reading the snapshot $($inputs.Snapshot)" -PercentComplete 10
                $text = [System.IO.File]::ReadAllText($inputs.Snapshot)
                $source = $inputs.Snapshot
            }
            else {
                Write-Progress -Activity $activity -Status 'Reading the organization (servers, scopes, assignments, recipients)' -PercentComplete 10
                $withRecipients = $inputs.RecipientPath.Count -eq 0
                $state = Invoke-LightningSyncQuietly -Caller $PSCmdlet -Name 'Get-LightningSyncOrgState' -Parameters @{ Account = $Account; IncludeRecipients = [bool]$withRecipients; DomainController = $DomainController }
                $text = ConvertTo-LightningSyncOrgSnapshotText -OrgState $state
                $source = 'the current Exchange session'
            }
            $plan = $null
            if ($plans.Count -gt 0) { $plan = $plans[0] }
            $options = ConvertTo-LightningSyncReportOption -Account $Account -Source $source -RecipientPath $inputs.RecipientPath `
                -Plan $plan -ProbeResult $ProbeResult -SampleSize $SampleSize -ModuleVersion $PSCmdlet.MyInvocation.MyCommand.Module.Version
        }
        catch {
            Write-Progress -Activity $activity -Completed
            if ($_.Exception -is [LightningSync.Interop.NativeException] -or $_.Exception.InnerException -is [LightningSync.Interop.NativeException]) {
                $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $_.Exception -TargetObject $full))
            }
            $PSCmdlet.ThrowTerminatingError($_)
        }
        # A snapshot the library cannot read comes back as data, so the caller gets one record.
        Write-Progress -Activity $activity -Status 'Auditing and rendering the report' -PercentComplete 50
        $outcome = [LightningSync.Interop.PlanOutcome]::Report($text, $options)
        if ($null -ne $outcome.Exception) {
            Write-Progress -Activity $activity -Completed
            $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $outcome.Exception -TargetObject $source))
        }
        try {
            Write-Progress -Activity $activity -Status "Writing $full" -PercentComplete 90
            [System.IO.File]::WriteAllText($full, $outcome.Text, (New-Object -TypeName System.Text.UTF8Encoding -ArgumentList $false))
        }
        catch {
            Write-Progress -Activity $activity -Completed
            $PSCmdlet.ThrowTerminatingError($_)
        }
        Write-Progress -Activity $activity -Completed
        if ($PassThru) { Get-Item -LiteralPath $full }
    }
}
