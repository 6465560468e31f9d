function ConvertTo-LightningSyncEwsResult {
    <#
    .SYNOPSIS
    Turns the classifier's JSON for one mailbox into a
    LightningSync.ImpersonationResult object.
    #>
    [CmdletBinding()]
    [OutputType('LightningSync.ImpersonationResult')]
    param(
        [Parameter(Mandatory)] [string] $Json,
        [Parameter(Mandatory)] [string] $Mailbox,
        [AllowNull()] [string] $IdentifierKind,
        [Parameter(Mandatory)] [timespan] $Elapsed,
        [AllowNull()] [uri] $EwsUrl,
        [switch] $ExpectDenied
    )

    $outcome = ConvertFrom-Json -InputObject $Json
    $httpStatus = $null
    if ($null -ne $outcome.HttpStatus) { $httpStatus = [int]$outcome.HttpStatus }
    $backOff = $null
    if ($null -ne $outcome.BackOffMilliseconds) { $backOff = [long]$outcome.BackOffMilliseconds }
    # The request asks for these distinguished folders, in this order.
    $probed = @{ 0 = 'calendar'; 1 = 'contacts' }
    $folders = @(foreach ($f in @($outcome.Folders)) {
        if ($null -eq $f) { continue }
        [pscustomobject]@{
            PSTypeName    = 'LightningSync.ImpersonationFolderResult'
            Folder        = $probed[[int]$f.Index]
            FolderElement = $f.FolderElement
            ResponseClass = $f.ResponseClass
            ResponseCode  = $f.ResponseCode
        }
    })

    $result = [pscustomobject]@{
        PSTypeName          = 'LightningSync.ImpersonationResult'
        Mailbox             = $Mailbox
        Success             = [bool]$outcome.Success
        ResponseCode        = [string]$outcome.ResponseCode
        Meaning             = [string]$outcome.Meaning
        Fix                 = [string]$outcome.Fix
        Elapsed             = $Elapsed
        HttpStatus          = $httpStatus
        Access              = [string]$outcome.Access
        ExpectDenied        = [bool]$ExpectDenied
        Retryable           = [bool]$outcome.Retryable
        Source              = [string]$outcome.Source
        Detail              = $outcome.Detail
        BackOffMilliseconds = $backOff
        ServerBuild         = $outcome.ServerBuild
        IdentifierKind      = $IdentifierKind
        EwsUrl              = $EwsUrl
        Folders             = $folders
    }
    $display = [string[]]@('Mailbox', 'Success', 'ResponseCode', 'HttpStatus', 'Elapsed')
    $propertySet = New-Object -TypeName System.Management.Automation.PSPropertySet -ArgumentList 'DefaultDisplayPropertySet', $display
    $standard = [System.Management.Automation.PSMemberInfo[]]@($propertySet)
    $result | Add-Member -MemberType MemberSet -Name PSStandardMembers -Value $standard
    $result
}
