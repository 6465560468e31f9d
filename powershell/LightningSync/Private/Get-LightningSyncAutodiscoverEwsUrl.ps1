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
    $stream = New-Object -TypeName System.IO.MemoryStream -ArgumentList @(, $Bytes), 0, $Length
    $reader = [System.Xml.XmlReader]::Create($stream, $settings)
    $found = @{}
    $type = $null
    try {
        while ($reader.Read()) {
            if ($reader.NodeType -ne [System.Xml.XmlNodeType]::Element) { continue }
            if ($reader.LocalName -eq 'Type') { $type = $reader.ReadElementContentAsString() }
            elseif ($reader.LocalName -eq 'EwsUrl' -and $null -ne $type -and -not $found.ContainsKey($type)) {
                $found[$type] = $reader.ReadElementContentAsString().Trim()
            }
        }
    }
    finally {
        $reader.Dispose()
    }
    foreach ($preferred in 'EXCH', 'EXPR') {
        if ($found.ContainsKey($preferred) -and $found[$preferred]) {
            $uri = $null
            if ([uri]::TryCreate($found[$preferred], [System.UriKind]::Absolute, [ref]$uri)) { return $uri }
        }
    }
    $null
}
