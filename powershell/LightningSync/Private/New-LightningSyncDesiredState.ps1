function New-LightningSyncDesiredState {
    <#
    .SYNOPSIS
    Builds the desired state the planner reads (rust/plan/desired.rs):
    the account, the target and the switches always; the optional names,
    ids, filter and Exchange version only when given, so the library
    applies its defaults to the rest.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [Parameter(Mandatory)] [string] $Account,
        [Parameter(Mandatory)] [string] $Target,
        [AllowNull()] [object] $RecipientFilter,
        [string] $ScopeName,
        [string] $AssignmentName,
        [string] $AppId,
        [string] $ServicePrincipalObjectId,
        [string] $DomainController,
        [string] $ExchangeVersion,
        [ValidateSet('Fail', 'Update')] [string] $OnExistingScope = 'Fail',
        [switch] $CreateMailbox,
        [switch] $SkipLegacyAdPermission,
        [switch] $ExclusiveScope,
        [switch] $RemoveUnscopedGrants,
        [string[]] $Role,
        [string] $RecipientGroupScope,
        [string] $RecipientAdministrativeUnitScope
    )

    $desired = @{
        account                = $Account
        target                 = $Target
        createMailbox          = [bool]$CreateMailbox
        skipLegacyAdPermission = [bool]$SkipLegacyAdPermission
        exclusiveScope         = [bool]$ExclusiveScope
        onExistingScope        = $OnExistingScope
        removeUnscopedGrants   = [bool]$RemoveUnscopedGrants
    }
    if ($null -ne $RecipientFilter) { $desired['filter'] = [string]$RecipientFilter }
    if ($ScopeName) { $desired['scopeName'] = $ScopeName }
    if ($AssignmentName) { $desired['assignmentName'] = $AssignmentName }
    if ($AppId) { $desired['appId'] = $AppId }
    if ($ServicePrincipalObjectId) { $desired['servicePrincipalObjectId'] = $ServicePrincipalObjectId }
    if ($DomainController) { $desired['domainController'] = $DomainController }
    if ($ExchangeVersion) { $desired['exchangeVersion'] = $ExchangeVersion }
    if ($Role) { $desired['roles'] = [string[]]$Role }
    if ($RecipientGroupScope) { $desired['recipientGroupScope'] = $RecipientGroupScope }
    if ($RecipientAdministrativeUnitScope) { $desired['recipientAdministrativeUnitScope'] = $RecipientAdministrativeUnitScope }
    $desired
}
