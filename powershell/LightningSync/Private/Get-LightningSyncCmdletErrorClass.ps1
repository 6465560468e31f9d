function Get-LightningSyncCmdletErrorClass {
    <#
    .SYNOPSIS
    Classifies an error of an Exchange cmdlet with the native library's one
    classifier: Kind (Transient, NotFound, AlreadyExists, SimilarScope,
    Permission, Other), Fault (for Transient: ConcurrentPipeline, Replication,
    Throttled), ErrorId (LightningSync.<Reason>) and Object (the identity a
    "not found" names). See docs/exchange.md, "Error catalogue".

    .PARAMETER CreatedNames
    Names of the objects this run created: their "not found" is replication.

    .PARAMETER ExpectPresent
    The read checks a write that succeeded: any "not found" is replication.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord,
        [string[]] $CreatedNames = @(),
        [switch] $ExpectPresent
    )

    $request = @{
        Message       = [string]$ErrorRecord.Exception.Message
        Reason        = [string]$ErrorRecord.CategoryInfo.Reason
        ErrorId       = [string]$ErrorRecord.FullyQualifiedErrorId
        CreatedNames  = @($CreatedNames | Where-Object { $_ })
        ExpectPresent = [bool]$ExpectPresent
    }
    $json = ConvertTo-Json -InputObject $request -Compress
    ConvertFrom-Json -InputObject ([LightningSync.Interop.CmdletErrorClassifier]::ClassifyJson($json))
}
