function Test-LightningSyncNotFoundError {
    # True when the error is Exchange's "object couldn't be found".
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord)

    (Get-LightningSyncCmdletErrorClass -ErrorRecord $ErrorRecord).Kind -eq 'NotFound'
}
