function Register-LightningSyncFilterCompleter {
    <#
    .SYNOPSIS
    Registers the argument completers of the filter cmdlets: filterable
    property names for Get-LightningSyncFilterableProperty -Name, and the
    RecipientTypeDetails values for ConvertTo-LightningSyncRecipientFilter
    -RecipientTypeDetails. The module calls it once on import.
    #>
    [CmdletBinding()]
    param()

    $propertyNames = {
        param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters)
        Get-LightningSyncFilterCompletion -WordToComplete $wordToComplete
    }
    $recipientTypes = {
        param($commandName, $parameterName, $wordToComplete, $commandAst, $fakeBoundParameters)
        Get-LightningSyncFilterCompletion -WordToComplete $wordToComplete -EnumProperty 'RecipientTypeDetails'
    }
    Register-ArgumentCompleter -CommandName 'Get-LightningSyncFilterableProperty' -ParameterName 'Name' -ScriptBlock $propertyNames
    Register-ArgumentCompleter -CommandName 'ConvertTo-LightningSyncRecipientFilter' -ParameterName 'RecipientTypeDetails' -ScriptBlock $recipientTypes
}
