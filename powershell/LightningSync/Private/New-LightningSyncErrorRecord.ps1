# One table maps each native status (LsyncStatus, bindings/lightningsync.h) to
# an error id and category.
$script:LightningSyncStatusTable = @{
    1   = @{ Id = 'LightningSync.NullArgument'; Category = 'InvalidArgument' }
    2   = @{ Id = 'LightningSync.InvalidUtf8'; Category = 'InvalidArgument' }
    3   = @{ Id = 'LightningSync.BufferTooSmall'; Category = 'InvalidResult' }
    4   = @{ Id = 'LightningSync.InvalidArgument'; Category = 'InvalidArgument' }
    5   = @{ Id = 'LightningSync.NativePanic'; Category = 'NotSpecified' }
    100 = @{ Id = 'LightningSync.FilterInvalid'; Category = 'InvalidArgument' }
    200 = @{ Id = 'LightningSync.ExportInvalid'; Category = 'InvalidData' }
    201 = @{ Id = 'LightningSync.ExportUnreadable'; Category = 'ReadError' }
    202 = @{ Id = 'LightningSync.ExportEncodingUnsupported'; Category = 'InvalidData' }
    203 = @{ Id = 'LightningSync.PreviewRecordsInvalid'; Category = 'InvalidData' }
    204 = @{ Id = 'LightningSync.PreviewCancelled'; Category = 'OperationStopped' }
    101 = @{ Id = 'LightningSync.FilterRecordsInvalid'; Category = 'InvalidData' }
    102 = @{ Id = 'LightningSync.FilterConditionsInvalid'; Category = 'InvalidArgument' }
    300 = @{ Id = 'LightningSync.SnapshotInvalid'; Category = 'InvalidData' }
    301 = @{ Id = 'LightningSync.DesiredStateInvalid'; Category = 'InvalidArgument' }
    302 = @{ Id = 'LightningSync.PlanConflict'; Category = 'ResourceExists' }
    303 = @{ Id = 'LightningSync.PlanRefused'; Category = 'InvalidOperation' }
    304 = @{ Id = 'LightningSync.PlanPrerequisiteMissing'; Category = 'ObjectNotFound' }
    305 = @{ Id = 'LightningSync.PlanInvalid'; Category = 'InvalidData' }
    310 = @{ Id = 'LightningSync.ReportOptionsInvalid'; Category = 'InvalidArgument' }
    400 = @{ Id = 'LightningSync.EwsMailboxInvalid'; Category = 'InvalidArgument' }
    401 = @{ Id = 'LightningSync.EwsServerVersionUnknown'; Category = 'InvalidArgument' }
    402 = @{ Id = 'LightningSync.EwsIdentifierKindUnknown'; Category = 'InvalidArgument' }
}

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
        $native = $Exception
        while ($null -ne $native -and -not ($native -is [LightningSync.Interop.NativeException])) {
            $native = $native.InnerException
        }
        if ($null -ne $native) {
            $entry = $script:LightningSyncStatusTable[$native.Status]
            if ($null -eq $entry) {
                $entry = @{ Id = "LightningSync.NativeStatus$($native.Status)"; Category = 'NotSpecified' }
            }
            $record = [System.Management.Automation.ErrorRecord]::new($native, $entry.Id, $entry.Category, $TargetObject)
        }
        else {
            $record = [System.Management.Automation.ErrorRecord]::new($Exception, 'LightningSync.Unexpected', 'NotSpecified', $TargetObject)
        }
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
