function ConvertTo-LightningSyncAuthorizationRow {
    <#
    .SYNOPSIS
    One LightningSync.AuthorizationCheck object per mailbox and role of an audit's authorization rows.
    #>
    [CmdletBinding()]
    param([AllowNull()] [object] $Audit)

    foreach ($r in @(Get-LightningSyncAuditRow -Audit $Audit -Section 'authorization')) {
        [pscustomobject]@{
            PSTypeName = 'LightningSync.AuthorizationCheck'
            Mailbox    = $r.mailbox
            Role       = $r.role
            Expected   = $r.expected
            Actual     = $r.actual
            Status     = $r.status
        }
    }
}
