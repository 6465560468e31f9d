function Get-LightningSyncAutodiscoverEwsUrl {
    <#
    .SYNOPSIS
    Reads the EwsUrl of the EXCH (else EXPR) protocol from a POX Autodiscover
    answer, with DTD processing prohibited and no external resolution.
    #>
    [CmdletBinding()]
    [OutputType([uri])]
    param(
        [Parameter(Mandatory)] [byte[]] $Bytes,
        [Parameter(Mandatory)] [int] $Length
    )

    $settings = New-Object -TypeName System.Xml.XmlReaderSettings
    $settings.DtdProcessing = [System.Xml.DtdProcessing]::Prohibit
    $settings.XmlResolver = $null
    $settings.IgnoreComments = $true
    $stream = [System.IO.MemoryStream]::new($Bytes, 0, $Length)
    $reader = [System.Xml.XmlReader]::Create($stream, $settings)
    $found = @{}
    $type = $null
    try {
        [void]$reader.MoveToContent()
        while (-not $reader.EOF) {
            if ($reader.NodeType -eq [System.Xml.XmlNodeType]::Element) {
                if ($reader.LocalName -eq 'Type') {
                    $type = $reader.ReadElementContentAsString().Trim()
                    continue
                }
                if ($reader.LocalName -eq 'EwsUrl') {
                    $value = $reader.ReadElementContentAsString().Trim()
                    if ($null -ne $type -and -not $found.ContainsKey($type)) { $found[$type] = $value }
                    continue
                }
            }
            [void]$reader.Read()
        }
    }
    finally {
        $reader.Dispose()
        $stream.Dispose()
    }
    foreach ($preferred in 'EXCH', 'EXPR') {
        if ($found.ContainsKey($preferred) -and $found[$preferred]) {
            $uri = $null
            if ([uri]::TryCreate($found[$preferred], [System.UriKind]::Absolute, [ref]$uri)) { return $uri }
        }
    }
    $null
}
