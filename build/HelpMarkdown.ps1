# Reads a platyPS-style cmdlet help markdown file into a plain object (one source for MAML and docs/).
function Read-HelpMarkdown {
    param([Parameter(Mandatory)] [string] $Path)
    $sections = [ordered]@{}
    $current = $null
    $inFence = $false
    foreach ($line in Get-Content -LiteralPath $Path) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^## (.+)$') { $current = $Matches[1].Trim().ToUpperInvariant(); $sections[$current] = [System.Collections.Generic.List[string]]::new(); continue }
        if ($current) { $sections[$current].Add($line) }
    }
    $get = { param($name) if ($sections.Contains($name)) { @($sections[$name]) } else { @() } }

    [pscustomobject]@{
        Synopsis    = (ConvertTo-HelpParagraphs (& $get 'SYNOPSIS')) -join ' '
        Description = @(ConvertTo-HelpParagraphs (& $get 'DESCRIPTION'))
        Examples    = @(Split-HelpSubsections (& $get 'EXAMPLES') | ForEach-Object { ConvertTo-HelpExample $_ })
        Parameters  = Get-HelpParameters (& $get 'PARAMETERS')
        Inputs      = @(Split-HelpSubsections (& $get 'INPUTS') | ForEach-Object { [pscustomobject]@{ Name = $_.Title; Description = (ConvertTo-HelpParagraphs $_.Lines) -join ' ' } })
        Outputs     = @(Split-HelpSubsections (& $get 'OUTPUTS') | ForEach-Object { [pscustomobject]@{ Name = $_.Title; Description = (ConvertTo-HelpParagraphs $_.Lines) -join ' ' } })
        Notes       = @(ConvertTo-HelpParagraphs (& $get 'NOTES'))
        Links       = @(foreach ($l in & $get 'RELATED LINKS') {
                if ($l -match '^\s*-\s*\[(.+?)\]\((.+?)\)') { [pscustomobject]@{ Text = $Matches[1]; Uri = $Matches[2] } }
                elseif ($l -match '^\s*-\s*(\S.*)$') { [pscustomobject]@{ Text = $Matches[1].Trim(); Uri = '' } }
            })
    }
}

function ConvertTo-HelpParagraphs([string[]] $Lines) {
    $paragraph = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence; continue }
        if ($inFence) { $paragraph.Add($line); continue }
        if ([string]::IsNullOrWhiteSpace($line)) {
            if ($paragraph.Count) { $paragraph -join ' '; $paragraph.Clear() }
            continue
        }
        $paragraph.Add($line.Trim())
    }
    if ($paragraph.Count) { $paragraph -join ' ' }
}

function Split-HelpSubsections([string[]] $Lines) {
    $item = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^### (.+)$') {
            if ($item) { $item }
            $item = [pscustomobject]@{ Title = $Matches[1].Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            continue
        }
        if ($item) { $item.Lines.Add($line) }
    }
    if ($item) { $item }
}

function ConvertTo-HelpExample($Section) {
    $code = [System.Collections.Generic.List[string]]::new()
    $rest = [System.Collections.Generic.List[string]]::new()
    $state = 'before'
    foreach ($line in $Section.Lines) {
        if ($line -match '^```') { $state = if ($state -eq 'before') { 'code' } else { 'after' }; continue }
        if ($state -eq 'code') { $code.Add($line) } elseif ($state -eq 'after') { $rest.Add($line) }
    }
    [pscustomobject]@{ Title = $Section.Title; Code = $code -join "`n"; Remarks = @(ConvertTo-HelpParagraphs $rest) }
}

function Get-HelpParameters([string[]] $Lines) {
    $result = [ordered]@{}
    foreach ($section in Split-HelpSubsections $Lines) {
        $name = $section.Title -replace '^-', ''
        $result[$name] = (ConvertTo-HelpParagraphs $section.Lines) -join "`n"
    }
    $result
}
