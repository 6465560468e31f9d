function ConvertTo-LightningSyncCoverageRow {
    <#
    .SYNOPSIS
    One LightningSync.ImpersonationCoverage object per assignment of an audit's
    coverage rows (Test-LightningSyncServiceAccount -Coverage): whom it reaches,
    through which scope, and which mailboxes it covers.
    #>
    [CmdletBinding()]
    param([AllowNull()] [object] $Audit)

    foreach ($c in @(Get-LightningSyncAuditRow -Audit $Audit -Section 'coverage')) {
        [pscustomobject]@{
            PSTypeName       = 'LightningSync.ImpersonationCoverage'
            Assignment       = $c.assignment
            Role             = $c.role
            Assignee         = $c.assignee
            AssigneeType     = $c.assigneeType
            Enabled          = [bool]$c.enabled
            IsServiceAccount = [bool]$c.isServiceAccount
            Reach            = $c.reach
            Scope            = $c.scope
            Filter           = $c.filter
            CoveredCount     = $c.coveredCount
            Covered          = [string[]]@($c.covered)
            NotEvaluable     = $c.notEvaluable
        }
    }
}
