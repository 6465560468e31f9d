function ConvertTo-LightningSyncScopePreviewOutput {
    <#
    .SYNOPSIS
    Writes the parsed preview result of the library as typed objects
    (LightningSync.ScopePreviewMatch, LightningSync.ScopePreviewSummary) and
    writes the warnings a preview deserves (nothing or everything matched,
    a used property no record carries, records not decidable offline).
    #>
    [CmdletBinding()]
    [OutputType('LightningSync.ScopePreviewMatch', 'LightningSync.ScopePreviewSummary')]
    param(
        [Parameter(Mandatory)]
        [LightningSync.Interop.ScopePreviewResult] $Result,

        [switch] $Summary,

        [Parameter(Mandatory)]
        [string] $Environment
    )

    $s = $Result.Summary
    $total = [long]$s['Total']
    $matched = [long]$s['Matched']
    if ($total -eq 0) {
        Write-Warning 'The preview read no recipient: the input is empty.'
    }
    elseif ($matched -eq 0) {
        Write-Warning "The filter matches none of the $total recipients read: the scope would be empty."
    }
    elseif ($matched -eq $total) {
        Write-Warning "The filter matches all $total recipients read: the scope would cover every recipient."
    }
    $missing = $s['MissingProperty']
    foreach ($name in @($missing.Keys)) {
        if ($total -gt 0 -and [long]$missing[$name] -eq $total) {
            Write-Warning "No recipient read carries the property '$name' the filter uses; it counts as empty. Give an export that has it (Department is on Get-User, CustomAttribute1 on Get-Mailbox)."
        }
    }
    $notEvaluable = [long]$s['NotEvaluable']
    if ($notEvaluable -gt 0) {
        $reasons = @($s['NotEvaluableReasons'].Keys) -join '; '
        Write-Warning "$notEvaluable recipient(s) cannot be decided offline: $reasons"
    }

    if ($Summary) {
        $byType = @(foreach ($key in @($s['ByRecipientTypeDetails'].Keys)) {
            $entry = $s['ByRecipientTypeDetails'][$key]
            [pscustomobject]@{
                PSTypeName           = 'LightningSync.ScopePreviewTypeCount'
                RecipientTypeDetails = [string]$key
                Total                = [long]$entry['Total']
                Matched              = [long]$entry['Matched']
            }
        })
        $missingList = @(foreach ($key in @($missing.Keys)) {
            [pscustomobject]@{ PSTypeName = 'LightningSync.ScopePreviewMissingProperty'; Property = [string]$key; Records = [long]$missing[$key] }
        })
        $reasonList = @(foreach ($key in @($s['NotEvaluableReasons'].Keys)) {
            [pscustomobject]@{ PSTypeName = 'LightningSync.ScopePreviewReason'; Reason = [string]$key; Records = [long]$s['NotEvaluableReasons'][$key] }
        })
        $sources = @(foreach ($src in @($s['Sources'])) {
            [pscustomobject]@{
                PSTypeName = 'LightningSync.ScopePreviewSource'
                Path       = [string]$src['Path']
                Format     = [string]$src['Format']
                Encoding   = $src['Encoding']
                Records    = [long]$src['Records']
                Bytes      = [long]$src['Bytes']
            }
        })
        return [pscustomobject]@{
            PSTypeName             = 'LightningSync.ScopePreviewSummary'
            RecipientFilter        = [string]$s['Filter']
            Environment            = $Environment
            Properties             = [string[]]@($s['Properties'])
            Total                  = $total
            Matched                = $matched
            NotMatched             = [long]$s['NotMatched']
            NotEvaluable           = $notEvaluable
            NotEvaluableReasons    = $reasonList
            MissingProperty        = $missingList
            ByRecipientTypeDetails = $byType
            Merged                 = [long]$s['Merged']
            Sources                = $sources
        }
    }

    # The match objects are built by ScopePreviewResult.Parse; enumerating
    # them here keeps a large preview from paying a script loop per match.
    $PSCmdlet.WriteObject($Result.Matches, $true)
}
