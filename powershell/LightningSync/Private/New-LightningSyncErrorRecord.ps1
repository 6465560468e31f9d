function New-LightningSyncErrorRecord {
    <#
    .SYNOPSIS
    Builds an ErrorRecord with a stable id and category, from a message or from
    a LightningSync.Interop.NativeException (whose status picks id and category).
    #>
    [CmdletBinding(DefaultParameterSetName = 'Message')]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Message')]
        [string] $Message,

        [Parameter(Mandatory, ParameterSetName = 'Message')]
        [string] $ErrorId,

        [Parameter(Mandatory, ParameterSetName = 'Message')]
        [System.Management.Automation.ErrorCategory] $Category,

        [Parameter(Mandatory, ParameterSetName = 'Native')]
        [System.Exception] $Exception,

        [AllowNull()]
        [object] $TargetObject,

        [string] $RecommendedAction
    )

    if ($PSCmdlet.ParameterSetName -eq 'Native') {
        # The one status table (native status to id and category) lives in the interop assembly.
        $record = [LightningSync.Interop.ErrorRecords]::FromException($Exception, $TargetObject)
    }
    else {
        $exception = [System.InvalidOperationException]::new($Message)
        if ($Category -eq 'InvalidArgument') {
            $exception = [System.ArgumentException]::new($Message)
        }
        $record = [System.Management.Automation.ErrorRecord]::new($exception, $ErrorId, $Category, $TargetObject)
    }
    if ($RecommendedAction) {
        $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($record.Exception.Message)
        $record.ErrorDetails.RecommendedAction = $RecommendedAction
    }
    $record
}
