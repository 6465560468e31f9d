function Format-LightningSyncStepLabel {
    # "CreateScope 'Sales scope'" for messages.
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [object] $Step)

    "{0} '{1}'" -f $Step.action, $Step.target
}
