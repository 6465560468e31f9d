function Read-LightningSyncEwsBody {
    <#
    .SYNOPSIS
    Reads at most -Limit bytes of an HTTP response body from a stream and
    returns them with their count, so an oversized answer is never read whole.
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)]
        [AllowNull()]
        [System.IO.Stream] $Stream,

        [Parameter(Mandatory)]
        [ValidateRange(1, 104857600)]
        [int] $Limit
    )

    $buffer = New-Object -TypeName 'byte[]' -ArgumentList $Limit
    $total = 0
    if ($null -ne $Stream) {
        if ($Stream.CanSeek) { $Stream.Position = 0 }
        while ($total -lt $Limit) {
            $read = $Stream.Read($buffer, $total, $Limit - $total)
            if ($read -le 0) { break }
            $total += $read
        }
    }
    [pscustomobject]@{ Bytes = $buffer; Length = $total }
}
