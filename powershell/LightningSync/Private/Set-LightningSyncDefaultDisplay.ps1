function Set-LightningSyncDefaultDisplay {
    # The properties Format-Table/Format-List show by default for an output object.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [psobject] $InputObject,
        [Parameter(Mandatory)] [string[]] $Property
    )

    $set = New-Object System.Management.Automation.PSPropertySet -ArgumentList 'DefaultDisplayPropertySet', $Property
    $members = [System.Management.Automation.PSMemberInfo[]]@($set)
    Add-Member -InputObject $InputObject -MemberType MemberSet -Name PSStandardMembers -Value $members -Force
}
