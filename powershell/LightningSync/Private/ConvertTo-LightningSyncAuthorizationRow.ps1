function ConvertTo-LightningSyncAuthorizationRow {
    <#
    .SYNOPSIS
    One LightningSync.AuthorizationCheck object per mailbox and role of an audit's authorization rows.
    #>
    [CmdletBinding()]
    param([AllowNull()] [object] $Audit)

    if ($null -eq $Audit -or $null -eq $Audit.PSObject.Properties['authorization']) { return }
    foreach ($r in @($Audit.authorization)) {
        if ($null -eq $r) { continue }
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
