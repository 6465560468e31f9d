function Get-LightningSyncScopePreview {
    <#
    .SYNOPSIS
    Shows which recipients an OPATH recipient filter selects, offline, from
    exports or from objects piped in.

    .DESCRIPTION
    Evaluates the recipient filter you would give New-ManagementScope
    -RecipientRestrictionFilter against every recipient of one or more export
    files, or against Get-User, Get-Mailbox or Get-Recipient objects piped in
    (live or deserialized), and returns the recipients inside the scope with
    the values of the properties the filter uses. Nothing is sent to Exchange.

    Export files are read by the native library in a streaming way (memory
    stays flat whatever the size): Export-Clixml files from Windows PowerShell
    5.1 (UTF-16) or PowerShell 7 (UTF-8), and Export-Csv files. When both a
    Get-User and a Get-Mailbox export are given, their records are merged by
    Guid or DistinguishedName, so Department (Get-User) and CustomAttribute1
    (Get-Mailbox) can be filtered together. Progress shows the bytes read.

    Piped objects are sent to the library in batches (one native call per
    batch). A warning is written when the filter matches nothing or
    everything, when no record carries a property the filter uses, and when
    some records cannot be decided offline.

    .PARAMETER RecipientFilter
    The OPATH filter, as a string or a script block (its text is used
    verbatim, without the braces), for example "Department -eq 'Sales'".

    .PARAMETER Path
    One or more export files (Export-Clixml or Export-Csv output of Get-User,
    Get-Mailbox or Get-Recipient). Wildcards are allowed.

    .PARAMETER InputObject
    Recipient objects from Get-User, Get-Mailbox or Get-Recipient (or any
    object with the properties the filter uses), from the pipeline.

    .PARAMETER Environment
    OnPremises (the default) or ExchangeOnline: the property set and
    rules the filter is checked against.

    .PARAMETER Summary
    Returns one LightningSync.ScopePreviewSummary object (counts by
    RecipientTypeDetails, missing properties, files read) instead of the
    matching recipients.

    .PARAMETER BatchSize
    Piped objects sent to the library per call (default 500).

    .EXAMPLE
    PS> Get-LightningSyncScopePreview -RecipientFilter "Department -eq 'Sales'" -Path ./users.xml

    Lists the users of the Get-User export whose department is Sales.

    .EXAMPLE
    PS> Get-LightningSyncScopePreview { Department -eq 'Sales' -and CustomAttribute1 -eq 'SyncEnabled' } -Path users.xml, mailboxes.xml -Summary

    Merges a Get-User and a Get-Mailbox export and returns the counts only.

    .EXAMPLE
    PS> Get-Mailbox -ResultSize Unlimited | Get-LightningSyncScopePreview -RecipientFilter "CustomAttribute1 -eq 'SyncEnabled'"

    Previews the scope over live objects, sent to the library in batches.

    .EXAMPLE
    PS> Get-LightningSyncScopePreview -RecipientFilter (ConvertTo-LightningSyncRecipientFilter -MemberOfGroup 'CN=Sales Team,OU=contoso.onmicrosoft.com,DC=contoso,DC=com') -Path ./recipients.xml -Environment ExchangeOnline

    Previews a group scope (New-LightningSyncServiceAccount -RecipientGroupScope) from an export whose
    records carry MemberOfGroup: a group scope covers the direct members, as this filter does; members of
    nested groups are not listed.

    .INPUTS
    Recipient objects (Get-User, Get-Mailbox, Get-Recipient output), live or deserialized.

    .OUTPUTS
    LightningSync.ScopePreviewMatch, or LightningSync.ScopePreviewSummary with -Summary.
    A match shows as Name, RecipientTypeDetails, Address (PrimarySmtpAddress,
    else UserPrincipalName) and Values (Property=value for each property the
    filter uses); Select-Object * adds DistinguishedName and Index (the
    record's position in the input). A summary lists its counts by
    RecipientTypeDetails, missing properties and files one line each.
    #>
    [CmdletBinding(DefaultParameterSetName = 'InputObject')]
    [OutputType('LightningSync.ScopePreviewMatch', 'LightningSync.ScopePreviewSummary')]
    param(
        [Parameter(Mandatory, Position = 0)]
        [Alias('Filter', 'RecipientRestrictionFilter')]
        [object] $RecipientFilter,

        [Parameter(Mandatory, Position = 1, ParameterSetName = 'Path')]
        [ValidateNotNullOrEmpty()]
        [string[]] $Path,

        [Parameter(Mandatory, ValueFromPipeline, ParameterSetName = 'InputObject')]
        [AllowNull()]
        [object] $InputObject,

        [ValidateSet('OnPremises', 'ExchangeOnline')]
        [string] $Environment = 'OnPremises',

        [switch] $Summary,

        [ValidateRange(1, 100000)]
        [int] $BatchSize = 500
    )

    begin {
        $environmentCode = Get-LightningSyncEnvironmentCode -Environment $Environment
        try {
            $filterText = ConvertTo-LightningSyncFilterText -InputObject $RecipientFilter
        }
        catch {
            $PSCmdlet.ThrowTerminatingError($_)
        }
        $batch = $null
        $buffer = $null
        $properties = $null
        if ($PSCmdlet.ParameterSetName -eq 'InputObject') {
            try {
                $keep = 0
                if ($Summary) { $keep = 1 }
                $batch = [LightningSync.Interop.PreviewBatch]::Create($filterText, $environmentCode, $keep)
                $compiled = [LightningSync.Interop.CompiledFilter]::Compile($filterText, $environmentCode)
                try { $used = @(ConvertFrom-Json -InputObject $compiled.PropertiesJson()) }
                finally { $compiled.Dispose() }
            }
            catch {
                if ($null -ne $batch) { $batch.Dispose() }
                $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $_.Exception -TargetObject $filterText))
            }
            $names = New-Object System.Collections.Generic.List[string]
            foreach ($name in @($used) + @('Name', 'PrimarySmtpAddress', 'UserPrincipalName', 'RecipientTypeDetails', 'DistinguishedName', 'Guid', 'EmailAddresses')) {
                if (-not $names.Contains([string]$name)) { $names.Add([string]$name) }
            }
            $properties = $names.ToArray()
            $buffer = New-Object System.Collections.Generic.List[object]
        }
    }

    process {
        if ($PSCmdlet.ParameterSetName -ne 'InputObject') { return }
        if ($null -eq $InputObject) { return }
        $buffer.Add($InputObject)
        if ($buffer.Count -ge $BatchSize) {
            try { $batch.Add($buffer, $properties) }
            catch {
                $batch.Dispose()
                $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $_.Exception -TargetObject $InputObject))
            }
            $buffer.Clear()
        }
    }

    end {
        if ($PSCmdlet.ParameterSetName -eq 'InputObject') {
            try {
                $batch.Add($buffer, $properties)
                $result = $batch.Result()
                Write-Verbose "Sent the piped objects to the library in $($batch.NativeCalls) batch(es)."
            }
            catch {
                $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $_.Exception -TargetObject $filterText))
            }
            finally {
                $batch.Dispose()
            }
        }
        else {
            $files = New-Object System.Collections.Generic.List[string]
            foreach ($item in $Path) {
                $resolved = @(Resolve-Path -Path $item -ErrorAction Ignore | Where-Object { $_.Provider.Name -eq 'FileSystem' } | ForEach-Object { $_.ProviderPath })
                if ($resolved.Count -eq 0) {
                    $message = "The export file '$item' was not found. Give the path of an Export-Clixml or Export-Csv file of Get-User, Get-Mailbox or Get-Recipient."
                    $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Message $message -ErrorId 'LightningSync.ExportNotFound' -Category ObjectNotFound -TargetObject $item))
                }
                foreach ($file in $resolved) {
                    $folderError = Get-LightningSyncExportFolderError -Path $file -Example "Get-LightningSyncScopePreview -RecipientFilter <filter> -Path (Get-ChildItem -Path '{0}' -Filter *.xml).FullName"
                    if ($null -ne $folderError) { $PSCmdlet.ThrowTerminatingError($folderError) }
                    $files.Add($file)
                }
            }
            $job = $null
            try {
                # With -Summary only the counts are needed: keep one match, so
                # memory stays flat however many recipients match.
                $keep = 0
                if ($Summary) { $keep = 1 }
                $job = [LightningSync.Interop.PreviewJob]::Start($filterText, $environmentCode, $files.ToArray(), $keep)
                $activity = "Scope preview: $filterText"
                while (-not $job.Wait(250)) {
                    $job.UpdateProgress()
                    $percent = 0
                    if ($job.BytesTotal -gt 0) { $percent = [int][math]::Min(100, (100.0 * $job.BytesRead / $job.BytesTotal)) }
                    $status = '{0:N0} of {1:N0} bytes read, {2:N0} records' -f $job.BytesRead, $job.BytesTotal, $job.Records
                    Write-Progress -Activity $activity -Status $status -PercentComplete $percent
                }
                $result = $job.Finish()
            }
            catch {
                $target = $files.ToArray()
                $PSCmdlet.ThrowTerminatingError((New-LightningSyncErrorRecord -Exception $_.Exception -TargetObject $target))
            }
            finally {
                if ($null -ne $job) {
                    $job.Cancel()
                    $job.Dispose()
                }
                Write-Progress -Activity 'Scope preview' -Completed
            }
        }

        ConvertTo-LightningSyncScopePreviewOutput -Result $result -Summary:$Summary -Environment $Environment
    }
}
