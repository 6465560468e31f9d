function New-LightningSyncStepContext {
    <#
    .SYNOPSIS
    What one write of a plan step needs, in one object: the cmdlet and
    parameters of the step (Mode Apply) or of its undo (Mode Undo), the verify
    read (Apply only), whether the write removes something, and the run's
    secrets, retry policy, domain controller and the names of the objects
    this run created so far.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [object] $Step,
        [ValidateSet('Apply', 'Undo')] [string] $Mode = 'Apply',
        [hashtable] $Secrets = @{},
        [hashtable] $Policy = (Get-LightningSyncRetryPolicy),
        [string[]] $CreatedNames = @(),
        [string] $DomainController
    )

    $write = $Step
    $verify = $null
    if ($Mode -eq 'Undo') { $write = $Step.undo }
    elseif ($null -ne $Step.PSObject.Properties['verify']) { $verify = $Step.verify }
    [pscustomobject]@{
        Mode             = $Mode
        Cmdlet           = [string]$write.cmdlet
        Parameters       = $write.parameters
        Verify           = $verify
        IsRemoval        = ([string]$write.cmdlet) -like 'Remove-*'
        Secrets          = $Secrets
        Policy           = $Policy
        CreatedNames     = $CreatedNames
        DomainController = $DomainController
    }
}
