<#
.SYNOPSIS
    Generates the MAML help file of the FluxOps cmdlets from module/docs/<Cmdlet>.md and the cmdlets' own metadata.
.DESCRIPTION
    The markdown (platyPS layout: SYNOPSIS, DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS, NOTES, RELATED LINKS)
    is the one source of help text; types, positions, parameter sets and pipeline input come from Get-Command so
    they can never drift from the code. Fails when a cmdlet, a parameter, a synopsis, a description or an example
    has no help, or when the markdown documents a parameter the cmdlet does not have.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'HelpMarkdown.ps1')

$module = Import-Module $ModuleManifest -PassThru -Force
$commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$shouldProcessHelp = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
New-Item -ItemType Directory -Force (Split-Path $OutputPath) | Out-Null
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
$problems = [System.Collections.Generic.List[string]]::new()

function Write-Paragraphs([string[]] $Paragraphs) {
    $writer.WriteStartElement('maml', 'description', $maml)
    foreach ($p in $Paragraphs) { $writer.WriteElementString('maml', 'para', $maml, $p) }
    $writer.WriteEndElement()
}

function Get-DefaultValueText($Cmdlet, $Parameter, $Instance, [string] $Description) {
    <#
    The default as the code has it (a fresh cmdlet object's property), so help can never drift from it. Where the code
    leaves the value empty and decides at run time (-Path: the current folder), the help text's "Default: ..." says it.
    #>
    if (@($Parameter.ParameterSets.Values | Where-Object { -not $_.IsMandatory }).Count -eq 0) { return 'None' }
    $property = $Cmdlet.ImplementingType.GetProperty($Parameter.Name)
    $value = if ($Instance -and $property) { $property.GetValue($Instance) }
    $text = if ($null -eq $value -or $value -is [System.Security.SecureString]) { '' }
        elseif ($value -is [System.Management.Automation.SwitchParameter]) { "$($value.IsPresent)" }
        elseif ($value -is [string]) { $value }
        elseif ($value -is [System.Collections.IEnumerable]) { @($value) -join ', ' }
        elseif ($value -is [IFormattable]) { $value.ToString($null, [cultureinfo]::InvariantCulture) }
        else { "$value" }
    if ($text) { return $text }
    if ($Description -match 'Default:\s*(.+?)(?:\.\s|\.$|$)') { return $Matches[1] -replace '`', '' }
    'None'
}

function Write-Parameter($Parameter, $Set, [string] $Description, [string] $Default = 'None') {
    $writer.WriteStartElement('command', 'parameter', $command)
    $writer.WriteAttributeString('required', $Set.IsMandatory.ToString().ToLowerInvariant())
    $writer.WriteAttributeString('globbing', 'false')
    $pipeline = @(if ($Set.ValueFromPipeline) { 'ByValue' }; if ($Set.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
    $writer.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
    $writer.WriteAttributeString('position', $(if ($Set.Position -ge 0) { [string]($Set.Position + 1) } else { 'named' }))
    $writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    Write-Paragraphs @($Description)
    $isSwitch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $writer.WriteStartElement('command', 'parameterValue', $command)
    $writer.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
    $writer.WriteString($Parameter.ParameterType.Name)
    $writer.WriteEndElement()
    $writer.WriteStartElement('dev', 'type', $dev)
    $writer.WriteElementString('maml', 'name', $maml, $Parameter.ParameterType.FullName)
    $writer.WriteEndElement()
    $writer.WriteElementString('dev', 'defaultValue', $dev, $Default)
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
foreach ($cmdlet in $module.ExportedCmdlets.Values | Sort-Object Name) {
    $docFile = Join-Path $DocsPath "$($cmdlet.Name).md"
    if (-not (Test-Path $docFile)) { $problems.Add("$($cmdlet.Name): no help source $docFile"); continue }
    $doc = Read-HelpMarkdown -Path $docFile
    if (-not $doc.Synopsis) { $problems.Add("$($cmdlet.Name): empty SYNOPSIS") }
    if (-not $doc.Description) { $problems.Add("$($cmdlet.Name): empty DESCRIPTION") }
    if (-not $doc.Examples) { $problems.Add("$($cmdlet.Name): no EXAMPLES") }

    $ownParameters = $cmdlet.Parameters.Values | Where-Object { $_.Name -notin $commonParameters }
    $describe = @{}
    foreach ($p in $cmdlet.Parameters.Values | Where-Object Name -in $shouldProcessHelp.Keys) { $describe[$p.Name] = $shouldProcessHelp[$p.Name] }
    foreach ($p in $ownParameters) {
        if ($doc.Parameters.Contains($p.Name) -and $doc.Parameters[$p.Name]) { $describe[$p.Name] = $doc.Parameters[$p.Name] }
        else { $problems.Add("$($cmdlet.Name): parameter -$($p.Name) has no help") }
    }
    foreach ($documented in $doc.Parameters.Keys) {
        if (-not $cmdlet.Parameters.ContainsKey($documented)) { $problems.Add("$($cmdlet.Name): help documents -$documented, which the cmdlet does not have") }
    }

    $verb, $noun = $cmdlet.Name -split '-', 2
    $writer.WriteStartElement('command', 'command', $command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $command)
    $writer.WriteElementString('command', 'name', $command, $cmdlet.Name)
    $writer.WriteElementString('command', 'verb', $command, $verb)
    $writer.WriteElementString('command', 'noun', $command, $noun)
    Write-Paragraphs @($doc.Synopsis)
    $writer.WriteEndElement()
    Write-Paragraphs $doc.Description

    $writer.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $cmdlet.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $command)
        $writer.WriteElementString('maml', 'name', $maml, $cmdlet.Name)
        foreach ($sp in $set.Parameters | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters }) {
            Write-Parameter $cmdlet.Parameters[$sp.Name] $sp ([string]$describe[$sp.Name])
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $command)
    $instance = [Activator]::CreateInstance($cmdlet.ImplementingType)
    foreach ($p in $cmdlet.Parameters.Values | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters } | Sort-Object Name) {
        $firstSet = $cmdlet.ParameterSets.Parameters | Where-Object Name -eq $p.Name | Select-Object -First 1
        Write-Parameter $p $firstSet ([string]$describe[$p.Name]) (Get-DefaultValueText $cmdlet $p $instance ([string]$describe[$p.Name]))
    }
    if ($instance -is [IDisposable]) { $instance.Dispose() }
    $writer.WriteEndElement()

    foreach ($section in @(@('inputTypes', 'inputType', $doc.Inputs), @('returnValues', 'returnValue', $doc.Outputs))) {
        $writer.WriteStartElement('command', $section[0], $command)
        foreach ($item in $section[2]) {
            $writer.WriteStartElement('command', $section[1], $command)
            $writer.WriteStartElement('dev', 'type', $dev)
            $writer.WriteElementString('maml', 'name', $maml, $item.Name)
            $writer.WriteEndElement()
            Write-Paragraphs @($item.Description)
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
    }

    $writer.WriteStartElement('maml', 'alertSet', $maml)
    $writer.WriteStartElement('maml', 'alert', $maml)
    foreach ($note in $doc.Notes) { $writer.WriteElementString('maml', 'para', $maml, $note) }
    $writer.WriteEndElement()
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'examples', $command)
    foreach ($example in $doc.Examples) {
        $writer.WriteStartElement('command', 'example', $command)
        $writer.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
        $writer.WriteElementString('dev', 'code', $dev, $example.Code)
        $writer.WriteStartElement('dev', 'remarks', $dev)
        foreach ($r in $example.Remarks) { $writer.WriteElementString('maml', 'para', $maml, $r) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'relatedLinks', $command)
    # First, so Get-Help -Online opens it: the cmdlet's page (its HelpUri).
    if (-not $cmdlet.HelpUri) { $problems.Add("$($cmdlet.Name): no HelpUri for Get-Help -Online") }
    $links = @([pscustomobject]@{ Text = 'Online Version:'; Uri = $cmdlet.HelpUri }) + $doc.Links
    foreach ($link in $links) {
        $writer.WriteStartElement('maml', 'navigationLink', $maml)
        $writer.WriteElementString('maml', 'linkText', $maml, $link.Text)
        $writer.WriteElementString('maml', 'uri', $maml, $link.Uri)
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()

if ($problems.Count) {
    Remove-Item $OutputPath
    throw "Cmdlet help is incomplete:`n  $($problems -join "`n  ")"
}
Write-Host "    help for $($module.ExportedCmdlets.Count) cmdlet(s) written to $OutputPath"
