function Invoke-LightningSyncAuthorizationProof {
    <#
    .SYNOPSIS
    Proves RBAC for Applications mailbox by mailbox: runs Test-ServicePrincipalAuthorization for the
    sample the audit chose (mailboxes the scope should cover and mailboxes it should not), records the
    rows in the snapshot and audits it again. Returns the new audit (its findings compare expected and
    reported access; its 'authorization' rows say so per mailbox and role).

    .PARAMETER SnapshotText
    The org snapshot (CLIXML) the first audit read.

    .PARAMETER Audit
    The first audit (its authorizationSample names the service principal and the mailboxes).

    .PARAMETER SampleSize
    How many mailboxes to test on each side of the scope.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $SnapshotText,
        [Parameter(Mandatory)] [object] $Audit,
        [Parameter(Mandatory)] [int] $SampleSize
    )

    if ($null -eq (Get-Command -Name 'Test-ServicePrincipalAuthorization' -ErrorAction Ignore)) {
        throw (New-LightningSyncErrorRecord -Message '-VerifyAuthorization runs Test-ServicePrincipalAuthorization, which exists only in an Exchange Online session (Connect-ExchangeOnline); connect to Exchange Online and run it again.' -ErrorId 'LightningSync.VerifyAuthorizationNeedsExchangeOnline' -Category InvalidOperation -TargetObject 'Test-ServicePrincipalAuthorization')
    }
    $sample = $Audit.authorizationSample
    if ($null -eq $sample) {
        Write-Warning 'No mailbox sample for the authorization proof: the account names no service principal pointer, or the snapshot holds no recipients (take it with -IncludeRecipients).'
        return $Audit
    }
    $mailboxes = @(@($sample.inScope) | Select-Object -First $SampleSize) + @(@($sample.outOfScope) | Select-Object -First $SampleSize)
    $rows = [System.Collections.Generic.List[object]]::new()
    $index = 0
    foreach ($mailbox in $mailboxes) {
        if (-not $mailbox) { continue }
        $index++
        Write-Progress -Activity 'Test-ServicePrincipalAuthorization' -Status $mailbox -PercentComplete ([int](100 * $index / [Math]::Max(1, $mailboxes.Count)))
        # The shared retry policy and the module's LightningSync.<Reason> record for a failure.
        $result = @(Invoke-LightningSyncExchangeRead -Name 'Test-ServicePrincipalAuthorization' -Parameters @{ Identity = [string]$sample.principal; Resource = $mailbox })
        foreach ($r in $result) {
            $rows.Add([pscustomobject]@{
                    Resource             = [string]$mailbox
                    RoleName             = [string]$r.RoleName
                    GrantedPermissions   = [string]$r.GrantedPermissions
                    AllowedResourceScope = [string]$r.AllowedResourceScope
                    ScopeType            = [string]$r.ScopeType
                    InScope              = [string]$r.InScope
                })
        }
    }
    Write-Progress -Activity 'Test-ServicePrincipalAuthorization' -Completed
    $state = [System.Management.Automation.PSSerializer]::Deserialize($SnapshotText)
    Add-Member -InputObject $state -MemberType NoteProperty -Name AuthorizationChecks -Value $rows.ToArray() -Force
    $text = [System.Management.Automation.PSSerializer]::Serialize($state, 4)
    ConvertFrom-Json -InputObject ([LightningSync.Interop.PlanNative]::Audit($text))
}
