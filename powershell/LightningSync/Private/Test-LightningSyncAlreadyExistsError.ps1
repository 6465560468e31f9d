function Test-LightningSyncAlreadyExistsError {
    # True when the error is Exchange's "The object '<DN>' already exists."
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $ErrorRecord)

    (Get-LightningSyncCmdletErrorClass -ErrorRecord $ErrorRecord).Kind -eq 'AlreadyExists'
}
