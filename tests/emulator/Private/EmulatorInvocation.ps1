# What happens around every emulated cmdlet call: the call log, parameter availability per environment,
# the "Pipelines cannot be executed concurrently" guard, injected faults, Exchange-shaped error records,
# and streaming output.

$script:CallLog = [System.Collections.Generic.List[object]]::new()
$script:Faults = [System.Collections.Generic.List[object]]::new()
$script:StreamingDepth = 0
$script:CallCounter = 0

$script:PipelineErrorText = 'Pipeline not executed because a pipeline is already executing. Pipelines cannot be executed concurrently.'

# Namespace of each emulated task class, for the FullyQualifiedErrorId of remote errors.
$script:TaskNamespaces = @{
    'ManagementScope' = 'RbacTasks'; 'ManagementRoleAssignment' = 'RbacTasks'; 'ManagementRole' = 'RbacTasks'
    'ServicePrincipal' = 'RbacTasks'; 'ServicePrincipalAuthorization' = 'RbacTasks'
    'User' = 'RecipientTasks'; 'Mailbox' = 'RecipientTasks'; 'Recipient' = 'RecipientTasks'; 'ADPermission' = 'RecipientTasks'
    'ExchangeServer' = 'SystemConfigurationTasks'; 'MailboxDatabase' = 'SystemConfigurationTasks'
    'OrganizationConfig' = 'SystemConfigurationTasks'; 'OrganizationCustomization' = 'Deployment'
}

$script:ExceptionFullNames = @{
    'ManagementObjectNotFoundException'                   = 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException'
    'ManagementObjectAmbiguousException'                  = 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException'
    'ADObjectAlreadyExistsException'                      = 'Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException'
    'CmdletInvalidOperationInDehydratedContextException' = 'Microsoft.Exchange.Management.Tasks.CmdletInvalidOperationInDehydratedContextException'
    'DataValidationException'                             = 'Microsoft.Exchange.Data.DataValidationException'
    'ArgumentException'                                   = 'System.ArgumentException'
    'InvalidOperationException'                           = 'System.InvalidOperationException'
}

function Get-EmuTaskClassName {
    param([string]$CmdletName)
    $parts = $CmdletName.Split('-')
    $ns = $script:TaskNamespaces[$parts[1]]
    if (-not $ns) { $ns = 'Tasks' }
    return ('Microsoft.Exchange.Management.{0}.{1}{2}' -f $ns, $parts[0], $parts[1])
}

function Get-EmuStableHex {
    # Eight hex digits derived from the text (SHA-256), stable across runs and PowerShell editions.
    param([string]$Text)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { $bytes = $sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Text)) } finally { $sha.Dispose() }
    return ('{0:X2}{1:X2}{2:X2}{3:X2}' -f $bytes[0], $bytes[1], $bytes[2], $bytes[3])
}

function Copy-EmuBoundParameters {
    param([System.Collections.IDictionary]$Bound)
    $copy = [ordered]@{}
    foreach ($key in @($Bound.Keys | Sort-Object)) {
        $value = $Bound[$key]
        if ($value -is [System.Management.Automation.SwitchParameter]) { $value = $value.IsPresent }
        $copy[$key] = $value
    }
    return $copy
}

function Enter-EmuCall {
    <#
    Starts one emulated call: logs it, refuses parameters the current environment does not have, raises the
    concurrent-pipeline error while another emulated cmdlet is streaming, and fires injected faults.
    Returns the call context; when $call.Aborted is true the cmdlet must do nothing more.
    #>
    param(
        [Parameter(Mandatory = $true)][System.Management.Automation.PSCmdlet]$Cmdlet,
        [Parameter(Mandatory = $true)][System.Collections.IDictionary]$Bound,
        [switch]$Write,
        [string[]]$OnPremisesOnly,
        [string[]]$OnlineOnly
    )
    $name = $Cmdlet.MyInvocation.MyCommand.Name
    $script:CallCounter++
    $whatIf = $false
    if ($Bound.ContainsKey('WhatIf')) { $whatIf = [bool]$Bound['WhatIf'] }
    $entry = [pscustomobject]@{
        PSTypeName = 'ExchangeEmulator.Call'
        Sequence   = $script:CallCounter
        Cmdlet     = $name
        Parameters = (Copy-EmuBoundParameters $Bound)
        IsWrite    = [bool]$Write
        WhatIf     = $whatIf
        Outcome    = 'Running'
        Error      = $null
    }
    $script:CallLog.Add($entry)
    $dc = $script:Org.DomainController
    if ($Bound.ContainsKey('DomainController') -and $Bound['DomainController']) { $dc = [string]$Bound['DomainController'] }
    $call = @{ Cmdlet = $Cmdlet; Name = $name; Entry = $entry; Aborted = $false; AfterCommitFault = $null; DomainController = $dc; Bound = $Bound }

    $missing = @()
    if ($script:Org.IsOnline) { $missing = @($OnPremisesOnly) + @('DomainController') } else { $missing = @($OnlineOnly) }
    foreach ($p in $missing) {
        if ($p -and $Bound.ContainsKey($p)) {
            $ex = New-Object System.Management.Automation.ParameterBindingException ("A parameter cannot be found that matches parameter name '{0}'." -f $p)
            $record = New-Object System.Management.Automation.ErrorRecord $ex, 'NamedParameterNotFound', ([System.Management.Automation.ErrorCategory]::InvalidArgument), $null
            Stop-EmuCall -Call $call -Record $record
        }
    }

    if ($script:Org.ConcurrentPipelineCheck -and $script:StreamingDepth -gt 0) {
        Stop-EmuCall -Call $call -Record (New-EmuPipelineErrorRecord)
    }

    foreach ($fault in @($script:Faults)) {
        if (-not [string]::Equals($fault.Cmdlet, $name, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
        $fault.Seen++
        if ($fault.Seen -lt $fault.OnCall -or $fault.Seen -ge ($fault.OnCall + $fault.Count)) { continue }
        $fault.Fired++
        if ($fault.AfterCommit) { $call.AfterCommitFault = $fault; continue }
        $record = New-EmuFaultRecord -Call $call -Fault $fault
        if ($fault.Kind -eq 'ConcurrentPipeline' -or $fault.Terminating) { Stop-EmuCall -Call $call -Record $record }
        Write-EmuError -Call $call -Record $record
        $call.Aborted = $true
        return $call
    }
    return $call
}

function Complete-EmuCall {
    # Ends a call: raises a fault injected to strike after the change was made, records the outcome.
    param([hashtable]$Call)
    if ($Call.Aborted) { return }
    if ($null -ne $Call.AfterCommitFault) {
        $fault = $Call.AfterCommitFault
        $Call.AfterCommitFault = $null
        $record = New-EmuFaultRecord -Call $Call -Fault $fault
        if ($fault.Terminating -or $fault.Kind -eq 'ConcurrentPipeline') { Stop-EmuCall -Call $Call -Record $record }
        Write-EmuError -Call $Call -Record $record
        return
    }
    if ($Call.Entry.Outcome -eq 'Running') {
        if ($Call.Entry.WhatIf) { $Call.Entry.Outcome = 'WhatIf' } else { $Call.Entry.Outcome = 'Succeeded' }
    }
}

function New-EmuFaultRecord {
    param([hashtable]$Call, [hashtable]$Fault)
    if ($Fault.Kind -eq 'ConcurrentPipeline') { return (New-EmuPipelineErrorRecord) }
    if ($Fault.Kind -eq 'NotFound') {
        $id = $null
        foreach ($p in @('Identity', 'Name', 'User', 'App')) {
            if ($Call.Bound.ContainsKey($p)) { $id = ConvertTo-EmuIdentityText $Call.Bound[$p]; break }
        }
        return (New-EmuNotFoundRecord -Call $Call -Identity $id)
    }
    return (New-EmuExchangeErrorRecord -Call $Call -Message $Fault.Message -ExceptionName $Fault.ExceptionName -Category $Fault.Category)
}

function New-EmuPipelineErrorRecord {
    # The client-side error implicit remoting raises when a second command starts in a busy runspace (docs/exchange.md#errors-and-retries).
    $ex = New-Object System.Management.Automation.PSInvalidOperationException $script:PipelineErrorText
    return (New-Object System.Management.Automation.ErrorRecord $ex, 'RemotePipelineExecutionFailed', ([System.Management.Automation.ErrorCategory]::OperationStopped), $null)
}

function New-EmuExchangeErrorRecord {
    <#
    An error as it reaches the client from Exchange: on-premises a RemoteException carrying the server's message,
    in Exchange Online the REST form 'Ex<id>|<exception type>|<message>'. CategoryInfo.Reason is the server-side
    exception type name; the FullyQualifiedErrorId has the remote shape
    '[Server=..,RequestId=..,TimeStamp=..] [FailureCategory=Cmdlet-<Exception>] <id>,<task class>'.
    #>
    param(
        [hashtable]$Call,
        [Parameter(Mandatory = $true)][string]$Message,
        [string]$ExceptionName = 'InvalidOperationException',
        [string]$Category = 'NotSpecified'
    )
    $hex = Get-EmuStableHex ($Call.Name + '|' + $ExceptionName)
    $full = $script:ExceptionFullNames[$ExceptionName]
    if (-not $full) { $full = $ExceptionName }
    $text = $Message
    $server = 'EX01'
    if ($script:Org.IsOnline) {
        $text = ('Ex{0}|{1}|{2}' -f $hex.Substring(2), $full, $Message)
        $server = 'NAMPR01MB0001'
    }
    $ex = New-Object System.Management.Automation.RemoteException $text
    $fqid = ('[Server={0},RequestId={1},TimeStamp={2}] [FailureCategory=Cmdlet-{3}] {4},{5}' -f $server, [guid]::NewGuid(), [DateTime]::UtcNow.ToString('M/d/yyyy h:mm:ss tt', [System.Globalization.CultureInfo]::InvariantCulture), $ExceptionName, $hex, (Get-EmuTaskClassName $Call.Name))
    $cat = [System.Management.Automation.ErrorCategory]$Category
    # Remote errors arrive without a live target object: CategoryInfo reads 'NotSpecified: (:) [Cmdlet], Exception'.
    $record = New-Object System.Management.Automation.ErrorRecord $ex, $fqid, $cat, $null
    $record.CategoryInfo.Reason = $ExceptionName
    $record.CategoryInfo.Activity = $Call.Name
    return $record
}

function New-EmuNotFoundRecord {
    param([hashtable]$Call, [string]$Identity)
    $msg = "The operation couldn't be performed because object '{0}' couldn't be found on '{1}'." -f $Identity, $Call.DomainController
    return (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'ManagementObjectNotFoundException')
}

function New-EmuAlreadyExistsRecord {
    param([hashtable]$Call, [string]$DistinguishedName)
    $msg = "Active Directory operation failed on {0}. The object '{1}' already exists." -f $Call.DomainController, $DistinguishedName
    return (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'ADObjectAlreadyExistsException')
}

function New-EmuAmbiguousRecord {
    param([hashtable]$Call, [string]$Identity)
    $msg = "The operation couldn't be performed because '{0}' matches multiple entries." -f $Identity
    return (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'ManagementObjectAmbiguousException')
}

function New-EmuNameTooLongRecord {
    param([hashtable]$Call, [string]$Value, [int]$Max = 64)
    $msg = 'The length of the property is too long. The maximum length is {0} and the length of the value provided is {1}.' -f $Max, $Value.Length
    return (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'DataValidationException' -Category 'InvalidArgument')
}

function New-EmuDehydratedRecord {
    param([hashtable]$Call)
    $msg = 'This operation is not available while the organization is dehydrated. Run Enable-OrganizationCustomization, then try again.'
    return (New-EmuExchangeErrorRecord -Call $Call -Message $msg -ExceptionName 'CmdletInvalidOperationInDehydratedContextException' -Category 'InvalidOperation')
}

function Write-EmuError {
    # A non-terminating error, as every remote Exchange error reaches the client; -ErrorAction decides the rest.
    param([hashtable]$Call, [System.Management.Automation.ErrorRecord]$Record)
    $Call.Entry.Outcome = 'Failed'
    $Call.Entry.Error = $Record.Exception.Message
    $Call.Cmdlet.WriteError($Record)
}

function Stop-EmuCall {
    # A terminating error (client-side failures: parameter binding, concurrent pipeline).
    param([hashtable]$Call, [System.Management.Automation.ErrorRecord]$Record)
    $Call.Entry.Outcome = 'Failed'
    $Call.Entry.Error = $Record.Exception.Message
    $Call.Aborted = $true
    $Call.Cmdlet.ThrowTerminatingError($Record)
}

function Test-EmuRbacWriteStopped {
    # True when an RBAC write must not go on: the call was aborted, or the organization is a dehydrated
    # Exchange Online one (Test-EmuDehydratedRefusal writes that error).
    param([hashtable]$Call)
    if ($Call.Aborted) { return $true }
    return (Test-EmuDehydratedRefusal $Call)
}

function Test-EmuDehydratedRefusal {
    # True (after writing the error) when an RBAC write runs in a dehydrated Exchange Online organization.
    param([hashtable]$Call)
    if ($script:Org.IsOnline -and $script:Org.Dehydrated) {
        Write-EmuError -Call $Call -Record (New-EmuDehydratedRecord -Call $Call)
        return $true
    }
    return $false
}

function Write-EmuOutput {
    <#
    Streams objects to the caller's pipeline while marking the emulated runspace busy, so that a cmdlet started
    from a downstream script block meets the concurrent-pipeline error, as in implicit remoting.
    #>
    param([object[]]$InputObject)
    $script:StreamingDepth++
    try {
        foreach ($o in $InputObject) { if ($null -ne $o) { $o } }
    } finally {
        $script:StreamingDepth--
    }
}
