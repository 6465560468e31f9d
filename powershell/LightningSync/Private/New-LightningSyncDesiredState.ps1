function New-LightningSyncDesiredState {
    <#
    .SYNOPSIS
    Builds the desired state the planner reads (rust/plan/desired.rs) from the
    parameters a public cmdlet was given: the account, the target and the
    switches always; the optional names, ids, roles, scopes and Exchange
    version only when given, so the library applies its defaults to the rest.
    The filter and the domain controller are the caller's, already resolved.
    #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param(
        [Parameter(Mandatory)] [System.Collections.IDictionary] $BoundParameters,
        [Parameter(Mandatory)] [string] $Target,
        [AllowNull()] [object] $RecipientFilter,
        [AllowNull()] [AllowEmptyString()] [string] $DomainController
    )

    # Keys, not Contains: $PSBoundParameters is a generic Dictionary, whose
    # IDictionary.Contains PowerShell cannot call.
    $given = @($BoundParameters.Keys)
    $account = $BoundParameters['Identity']
    if ($given -contains 'Account') { $account = $BoundParameters['Account'] }
    $onExisting = 'Fail'
    if ($given -contains 'OnExistingScope') { $onExisting = [string]$BoundParameters['OnExistingScope'] }
    if ($given -contains 'UpdateExistingScope' -and $BoundParameters['UpdateExistingScope']) { $onExisting = 'Update' }
    $desired = @{ account = [string]$account; target = $Target; onExistingScope = $onExisting }
    $switches = @{ CreateMailbox = 'createMailbox'; SkipLegacyAdPermission = 'skipLegacyAdPermission'; ExclusiveScope = 'exclusiveScope'; RemoveUnscopedGrants = 'removeUnscopedGrants' }
    foreach ($name in $switches.Keys) { $desired[$switches[$name]] = [bool]$BoundParameters[$name] }
    $optional = @{
        ScopeName = 'scopeName'; AssignmentName = 'assignmentName'; AppId = 'appId'; ServicePrincipalObjectId = 'servicePrincipalObjectId'
        ExchangeVersion = 'exchangeVersion'; RecipientGroupScope = 'recipientGroupScope'; RecipientAdministrativeUnitScope = 'recipientAdministrativeUnitScope'
    }
    foreach ($name in $optional.Keys) {
        if ($BoundParameters[$name]) { $desired[$optional[$name]] = [string]$BoundParameters[$name] }
    }
    if ($BoundParameters['Role']) { $desired['roles'] = [string[]]$BoundParameters['Role'] }
    if ($null -ne $RecipientFilter) { $desired['filter'] = [string]$RecipientFilter }
    if ($DomainController) { $desired['domainController'] = $DomainController }
    $desired
}
