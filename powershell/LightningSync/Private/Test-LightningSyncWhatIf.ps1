function Test-LightningSyncWhatIf {
    # True when the caller runs with -WhatIf (or $WhatIfPreference is set where it runs).
    [CmdletBinding()]
    [OutputType([bool])]
    param([Parameter(Mandatory)] [System.Management.Automation.PSCmdlet] $Caller)

    [bool]$Caller.SessionState.PSVariable.GetValue('WhatIfPreference')
}
