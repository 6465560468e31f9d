function Assert-LightningSyncReportInput {
    <#
    .SYNOPSIS
    Checks Export-LightningSyncReport's files before anything is read: the report's folder exists and the
    report is not overwritten without -Force, the snapshot and every recipient export exist, at most one
    plan was given. Throws terminating errors (LightningSync.<Reason>) from the calling cmdlet; returns the
    resolved snapshot and export paths.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Cmdlet,
        [Parameter(Mandatory)] [string] $Path,
        [AllowNull()] [AllowEmptyString()] [string] $Snapshot,
        [AllowNull()] [string[]] $RecipientPath,
        [switch] $Force,
        [int] $PlanCount
    )

    $fail = {
        param([string] $Message, [string] $Id, [System.Management.Automation.ErrorCategory] $Category, [object] $Target)
        $Cmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Message $Message -ErrorId $Id -Category $Category -TargetObject $Target))
    }
    $folder = [System.IO.Path]::GetDirectoryName($Path)
    if ($folder -and -not [System.IO.Directory]::Exists($folder)) {
        & $fail "The folder '$folder' of the report '$Path' does not exist; create it or choose another -Path." 'LightningSync.ReportFolderNotFound' ObjectNotFound $Path
    }
    if ([System.IO.Directory]::Exists($Path)) {
        & $fail "'$Path' is a folder; give -Path a file name such as '$(Join-Path $Path 'impersonation-report.html')'." 'LightningSync.ReportPathIsFolder' InvalidArgument $Path
    }
    if ([System.IO.File]::Exists($Path) -and -not $Force) {
        & $fail "The file '$Path' exists; pass -Force to overwrite it." 'LightningSync.ReportFileExists' ResourceExists $Path
    }
    if ($PlanCount -gt 1) {
        & $fail "The report shows one plan, but $PlanCount were piped in; pipe the plan of one account." 'LightningSync.ReportPlanCount' InvalidArgument $PlanCount
    }
    $result = @{ Snapshot = $null; RecipientPath = @() }
    if ($Snapshot) {
        $full = $Cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Snapshot)
        if (-not [System.IO.File]::Exists($full)) {
            & $fail "The snapshot '$full' does not exist; write one with Export-LightningSyncOrgSnapshot." 'LightningSync.SnapshotNotFound' ObjectNotFound $Snapshot
        }
        $result.Snapshot = $full
    }
    $result.RecipientPath = @(foreach ($p in @($RecipientPath)) {
        if (-not $p) { continue }
        $full = $Cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p)
        if (-not [System.IO.File]::Exists($full)) {
            & $fail "The recipient export '$full' does not exist; save one with Get-User -ResultSize Unlimited | Export-Clixml." 'LightningSync.ExportNotFound' ObjectNotFound $p
        }
        $full
    })
    $result
}
