function ConvertTo-LightningSyncSplatValue {
    # One parameter value of a plan step, with secret placeholders filled.
    [CmdletBinding()]
    param(
        [string] $Name,
        [AllowNull()] [object] $Value,
        [hashtable] $Secrets,
        [switch] $AllowMissingSecrets
    )

    if ($null -eq $Value) { return $null }
    if ($Value -is [string] -or $Value -is [bool] -or $Value -is [int] -or $Value -is [long] -or $Value -is [double] -or $Value -is [decimal]) {
        return $Value
    }
    if ($Value -is [System.Security.SecureString]) { return $Value }
    if ($Value -is [System.Collections.IEnumerable] -and -not ($Value -is [System.Collections.IDictionary])) {
        $items = @(foreach ($item in $Value) {
                if ($null -ne $item -and -not ($item -is [string] -or $item -is [bool] -or $item -is [int] -or $item -is [long])) {
                    throw (New-LightningSyncErrorRecord -Message "The plan gives parameter '$Name' a list with a value of type [$($item.GetType().FullName)]; lists hold strings only." -ErrorId 'LightningSync.PlanInvalid' -Category InvalidData -TargetObject $Name)
                }
                [string]$item
            })
        return , [string[]]$items
    }
    $secretName = $null
    if ($Value -is [System.Collections.IDictionary]) {
        if ($Value.Contains('secret')) { $secretName = [string]$Value['secret'] }
    }
    elseif ($null -ne $Value.PSObject.Properties['secret']) {
        $secretName = [string]$Value.secret
    }
    if ($secretName) {
        if ($null -eq $Secrets -or -not $Secrets.ContainsKey($secretName) -or $null -eq $Secrets[$secretName]) {
            if ($AllowMissingSecrets) { return $null }
            throw (New-LightningSyncErrorRecord -Message "The plan needs the secret '$secretName' for parameter '$Name', and none was given (use -Password or -Credential)." -ErrorId 'LightningSync.SecretMissing' -Category InvalidArgument -TargetObject $Name)
        }
        $secret = $Secrets[$secretName]
        if (-not ($secret -is [System.Security.SecureString])) {
            throw (New-LightningSyncErrorRecord -Message "The secret '$secretName' must be a SecureString." -ErrorId 'LightningSync.SecretMissing' -Category InvalidArgument -TargetObject $Name)
        }
        return $secret
    }
    throw (New-LightningSyncErrorRecord -Message "The plan gives parameter '$Name' a value of an unsupported shape." -ErrorId 'LightningSync.PlanInvalid' -Category InvalidData -TargetObject $Name)
}
