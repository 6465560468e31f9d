function Export-LightningSyncOrgSnapshot {
    <#
    .SYNOPSIS
    Saves what LightningSync plans and audits from into one CLIXML file.

    .DESCRIPTION
    Run it in the Exchange Management Shell (Exchange 2010 to Subscription Edition) or in an Exchange
    Online session (Connect-ExchangeOnline). It reads the Exchange servers and their versions, the mailbox
    databases, the service account's user and mailbox, every management scope, the ApplicationImpersonation
    and application-role assignments (and every assignment that uses a custom scope), the legacy
    ms-Exch-EPI extended rights on servers and databases, the Exchange Online service principals and
    whether the tenant is dehydrated. Each collection is read completely before the next call, so the
    export never triggers "Pipelines cannot be executed concurrently".

    The file (UTF-8) is what Get-LightningSyncPlan -Snapshot and Test-LightningSyncServiceAccount -Snapshot
    read, so plans and audits can be made away from Exchange. It holds no secrets; with
    -IncludeRecipients it holds every recipient's directory attributes.

    .PARAMETER Path
    The file to write.

    .PARAMETER Account
    The service account (UPN, alias or DOMAIN\sam) whose user and mailbox are read.

    .PARAMETER IncludeRecipients
    Also save every recipient (Get-Recipient -ResultSize Unlimited) so the audit can say whom each scope covers.

    .PARAMETER DomainController
    On-premises: the domain controller to read from.

    .PARAMETER Force
    Overwrite an existing file.

    .EXAMPLE
    PS> Export-LightningSyncOrgSnapshot -Path .\contoso.clixml -Account svc-sync@contoso.com -IncludeRecipients

    Saves a snapshot with recipients, for Get-LightningSyncPlan -Snapshot and Test-LightningSyncServiceAccount -Snapshot.

    .EXAMPLE
    PS> Export-LightningSyncOrgSnapshot -Path .\before.clixml -Account svc-sync -WhatIf

    Shows where the snapshot would be written, without reading Exchange.

    .OUTPUTS
    System.IO.FileInfo
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([System.IO.FileInfo])]
    param(
        [Parameter(Mandatory, Position = 0)]
        [ValidateNotNullOrEmpty()]
        [string] $Path,

        [Parameter(Mandatory)]
        [Alias('Identity')]
        [ValidateNotNullOrEmpty()]
        [string] $Account,

        [switch] $IncludeRecipients,

        [string] $DomainController,

        [switch] $Force
    )

    Import-LightningSyncPrivateFunction
    Microsoft.PowerShell.Core\Set-StrictMode -Version 3.0

    $full = $PSCmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    $pathError = Get-LightningSyncOutputPathError -Path $full -Force:$Force -ExistsErrorId 'LightningSync.SnapshotFileExists'
    if ($null -ne $pathError) { $PSCmdlet.ThrowTerminatingError($pathError) }
    if (-not $PSCmdlet.ShouldProcess($full, 'Write the Exchange organization snapshot')) { return }
    try {
        $state = Invoke-LightningSyncQuietly -Caller $PSCmdlet -Name 'Get-LightningSyncOrgState' -Parameters @{ Account = $Account; IncludeRecipients = [bool]$IncludeRecipients; DomainController = $DomainController }
        $text = ConvertTo-LightningSyncOrgSnapshotText -OrgState $state
    }
    catch {
        $PSCmdlet.ThrowTerminatingError($_)
    }
    $writeError = Write-LightningSyncTextFile -Path $full -Text $text
    if ($null -ne $writeError) { $PSCmdlet.ThrowTerminatingError($writeError) }
    Get-Item -LiteralPath $full
}
