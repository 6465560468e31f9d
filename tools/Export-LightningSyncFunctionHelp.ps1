<#
.SYNOPSIS
Writes the comment-based help of a module's functions as one MAML help file
(<module>.psm1-help.xml), so the staged module can load without parsing it.

.DESCRIPTION
Imports the module from -ModuleManifest (a staged module whose functions still
carry their comment-based help), reads Get-Help -Full for every exported
function, and writes the same content as MAML: synopsis, description, syntax,
parameters (type, required, position, pipeline input, aliases, default value),
inputs, outputs, notes, examples and related links. Get-Help shows a function's
MAML help when the function names the file with the .ExternalHelp keyword,
which tools/Join-LightningSyncModuleScript.ps1 -ExternalHelp writes in place of
the comment block (https://learn.microsoft.com/powershell/scripting/developer/help/writing-help-for-windows-powershell-scripts-and-functions).

Run it in a shell of its own: it imports the module.

.PARAMETER ModuleManifest
The staged manifest whose functions carry comment-based help.

.PARAMETER Destination
The MAML file to write (UTF-8).

.EXAMPLE
PS> pwsh -NoProfile -File tools/Export-LightningSyncFunctionHelp.ps1 -ModuleManifest out/LightningSync/0.1.0/LightningSync.psd1 -Destination out/LightningSync/0.1.0/en-US/LightningSync.psm1-help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $Destination
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Get-HelpProperty([object] $Object, [string] $Name) {
    # A help property, or $null when the help object lacks it.
    if ($null -eq $Object) { return $null }
    $property = $Object.PSObject.Properties[$Name]
    if ($property) { $property.Value } else { $null }
}

function Get-Text([object] $Paragraphs) {
    # The texts of a help paragraph list (@{Text=...} objects or strings).
    @(foreach ($paragraph in @($Paragraphs)) {
        if ($null -eq $paragraph) { continue }
        $text = Get-HelpProperty $paragraph 'Text'
        if ($null -eq $text -and $paragraph -is [string]) { $text = $paragraph }
        if ($null -ne $text) { [string]$text }
    })
}

function Write-Paragraphs([System.Xml.XmlWriter] $Writer, [string] $Element, [object] $Paragraphs) {
    $Writer.WriteStartElement('maml', $Element, $maml)
    foreach ($text in (Get-Text $Paragraphs)) {
        if ($text.Trim()) { $Writer.WriteElementString('maml', 'para', $maml, $text) }
    }
    $Writer.WriteEndElement()
}

function Write-ParameterAttributes([System.Xml.XmlWriter] $Writer, [object] $Parameter) {
    foreach ($name in 'required', 'globbing', 'pipelineInput', 'position', 'aliases') {
        $value = Get-HelpProperty $Parameter $name
        if ($null -ne $value -and "$value" -ne '') { $Writer.WriteAttributeString($name, [string]$value) }
    }
    $Writer.WriteAttributeString('variableLength', 'true')
}

function Write-Parameter([System.Xml.XmlWriter] $Writer, [object] $Parameter, [switch] $Full) {
    $Writer.WriteStartElement('command', 'parameter', $command)
    Write-ParameterAttributes $Writer $Parameter
    $Writer.WriteElementString('maml', 'name', $maml, [string](Get-HelpProperty $Parameter 'name'))
    Write-Paragraphs $Writer 'description' (Get-HelpProperty $Parameter 'description')
    $value = Get-HelpProperty $Parameter 'parameterValue'
    if ($null -ne $value -and "$value" -ne '') {
        $Writer.WriteStartElement('command', 'parameterValue', $command)
        # A switch takes no value: Get-Help shows it as [<SwitchParameter>].
        $Writer.WriteAttributeString('required', $(if ("$value" -eq 'SwitchParameter') { 'false' } else { 'true' }))
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString([string]$value)
        $Writer.WriteEndElement()
    }
    if ($Full) {
        $type = Get-HelpProperty (Get-HelpProperty $Parameter 'type') 'name'
        if ($type) {
            $Writer.WriteStartElement('dev', 'type', $dev)
            $Writer.WriteElementString('maml', 'name', $maml, [string]$type)
            $Writer.WriteEndElement()
        }
        $default = Get-HelpProperty $Parameter 'defaultValue'
        if ($null -ne $default -and "$default" -ne '') { $Writer.WriteElementString('dev', 'defaultValue', $dev, [string]$default) }
    }
    $Writer.WriteEndElement()
}

function Write-TypeList([System.Xml.XmlWriter] $Writer, [string] $List, [string] $Item, [object] $Entries) {
    $Writer.WriteStartElement('command', $List, $command)
    foreach ($entry in @($Entries)) {
        if ($null -eq $entry) { continue }
        $Writer.WriteStartElement('command', $Item, $command)
        $Writer.WriteStartElement('dev', 'type', $dev)
        $Writer.WriteElementString('maml', 'name', $maml, [string](Get-HelpProperty (Get-HelpProperty $entry 'type') 'name'))
        $Writer.WriteEndElement()
        Write-Paragraphs $Writer 'description' (Get-HelpProperty $entry 'description')
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Example([System.Xml.XmlWriter] $Writer, [object] $Example) {
    $Writer.WriteStartElement('command', 'example', $command)
    $Writer.WriteElementString('maml', 'title', $maml, [string](Get-HelpProperty $Example 'title'))
    Write-Paragraphs $Writer 'introduction' (Get-HelpProperty $Example 'introduction')
    $Writer.WriteElementString('dev', 'code', $dev, [string](Get-HelpProperty $Example 'code'))
    $Writer.WriteStartElement('dev', 'remarks', $dev)
    foreach ($text in (Get-Text (Get-HelpProperty $Example 'remarks'))) { $Writer.WriteElementString('maml', 'para', $maml, $text) }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

function Write-CommandHelp([System.Xml.XmlWriter] $Writer, [System.Management.Automation.CommandInfo] $Info) {
    $help = Get-Help -Name $Info.Name -Full
    $Writer.WriteStartElement('command', 'command', $command)
    $Writer.WriteStartElement('command', 'details', $command)
    $Writer.WriteElementString('command', 'name', $command, $Info.Name)
    $Writer.WriteElementString('command', 'verb', $command, $Info.Verb)
    $Writer.WriteElementString('command', 'noun', $command, $Info.Noun)
    Write-Paragraphs $Writer 'description' @([string]$help.Synopsis)
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer 'description' (Get-HelpProperty $help 'description')

    $Writer.WriteStartElement('command', 'syntax', $command)
    foreach ($item in @((Get-HelpProperty (Get-HelpProperty $help 'syntax') 'syntaxItem'))) {
        if ($null -eq $item) { continue }
        $Writer.WriteStartElement('command', 'syntaxItem', $command)
        $Writer.WriteElementString('maml', 'name', $maml, $Info.Name)
        foreach ($parameter in @((Get-HelpProperty $item 'parameter'))) { if ($parameter) { Write-Parameter $Writer $parameter } }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $command)
    foreach ($parameter in @((Get-HelpProperty (Get-HelpProperty $help 'parameters') 'parameter'))) { if ($parameter) { Write-Parameter $Writer $parameter -Full } }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' (Get-HelpProperty (Get-HelpProperty $help 'inputTypes') 'inputType')
    Write-TypeList $Writer 'returnValues' 'returnValue' (Get-HelpProperty (Get-HelpProperty $help 'returnValues') 'returnValue')

    $alerts = @((Get-HelpProperty (Get-HelpProperty $help 'alertSet') 'alert') | Where-Object { $null -ne $_ })
    if ($alerts.Count -gt 0) {
        $Writer.WriteStartElement('maml', 'alertSet', $maml)
        foreach ($alert in $alerts) {
            $Writer.WriteStartElement('maml', 'alert', $maml)
            foreach ($text in (Get-Text $alert)) { $Writer.WriteElementString('maml', 'para', $maml, $text) }
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $command)
    foreach ($example in @((Get-HelpProperty (Get-HelpProperty $help 'examples') 'example'))) { if ($example) { Write-Example $Writer $example } }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $command)
    foreach ($link in @((Get-HelpProperty (Get-HelpProperty $help 'relatedLinks') 'navigationLink'))) {
        if ($null -eq $link) { continue }
        $Writer.WriteStartElement('maml', 'navigationLink', $maml)
        $Writer.WriteElementString('maml', 'linkText', $maml, [string](Get-HelpProperty $link 'linkText'))
        $Writer.WriteElementString('maml', 'uri', $maml, [string](Get-HelpProperty $link 'uri'))
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

$module = Import-Module -Name (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath -PassThru -Force
$functions = @(Get-Command -Module $module.Name -CommandType Function | Sort-Object Name)
if ($functions.Count -eq 0) { throw "$ModuleManifest exports no functions." }

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create($Destination, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'command', $null, $command)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    foreach ($function in $functions) { Write-CommandHelp $writer $function }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}
Get-Item -LiteralPath $Destination
