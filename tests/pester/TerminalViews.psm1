# A real terminal for the view tests: tmux runs pwsh (importing the installed module) at a given width, and the screen
# is captured and read back as text. Each call has its own tmux server (private socket), killed when it is done.
Set-StrictMode -Version Latest

function Get-PwshCommandLine {
    <# The pwsh running this suite, as a shell command line (the dotnet tool runs as 'dotnet pwsh.dll'). #>
    $self = [Environment]::ProcessPath
    $parts = @($self)
    if ((Split-Path -Leaf $self) -notmatch '^pwsh(\.exe)?$') { $parts += Join-Path $PSHOME 'pwsh.dll' }
    ($parts | ForEach-Object { "'" + $_.Replace("'", "'\''") + "'" }) -join ' '
}

function Invoke-Tmux {
    param([Parameter(Mandatory)] [string] $Socket, [Parameter(Mandatory)] [string[]] $Arguments)
    $output = & tmux -S $Socket @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "tmux $($Arguments -join ' ') failed: $output" }
    $output
}

function Get-TerminalScreen {
    <# The whole pane, scrollback included, with lines the terminal wrapped joined back (-J). #>
    param([Parameter(Mandatory)] [string] $Socket)
    (Invoke-Tmux $Socket @('capture-pane', '-p', '-J', '-S', '-', '-t', 'views')) -join "`n"
}

function Wait-TerminalText {
    param([Parameter(Mandatory)] [string] $Socket, [Parameter(Mandatory)] [string] $Pattern, [int] $TimeoutSeconds = 120)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        $screen = Get-TerminalScreen $Socket
        if ($screen -match $Pattern) { return $screen }
        Start-Sleep -Milliseconds 250
    }
    throw "The terminal never showed '$Pattern'. It shows:`n$(Get-TerminalScreen $Socket)"
}

function Show-InTerminal {
    <#
    .SYNOPSIS
        Runs $Script in pwsh inside tmux at $Width columns; returns the screen once the script printed its end marker.
        -Interact gets the socket while the script runs (to answer a prompt); -SaveAs keeps the capture.
    #>
    param(
        [Parameter(Mandatory)] [int] $Width,
        [Parameter(Mandatory)] [string] $Script,
        [Parameter(Mandatory)] [string] $WorkFolder,
        [scriptblock] $Interact,
        [string] $SaveAs
    )
    if (-not (Get-Command tmux -ErrorAction SilentlyContinue)) { throw 'tmux is not installed (.ci/run installs it).' }
    $id = [guid]::NewGuid().ToString('N').Substring(0, 8)
    $file = Join-Path $WorkFolder "view-$id.ps1"
    Set-Content -Path $file -Value ($Script + "`n'<<views done>>'`n[void] (Read-Host)`n")
    # A short socket path: unix sockets are limited to ~100 bytes.
    $socket = Join-Path ([IO.Path]::GetTempPath()) "fluxops-tmux-$id"
    try {
        Invoke-Tmux $socket @('-f', '/dev/null', 'new-session', '-d', '-s', 'views', '-x', "$Width", '-y', '50',
            "$(Get-PwshCommandLine) -NoProfile -NoLogo -File '$file'") | Out-Null
        Invoke-Tmux $socket @('set-option', '-t', 'views', 'history-limit', '20000') | Out-Null
        if ($Interact) { & $Interact $socket }
        $screen = Wait-TerminalText $socket '<<views done>>'
        if ($SaveAs) { Set-Content -Path $SaveAs -Value ($screen -replace '(?s)\s*<<views done>>.*$', '') }
        $screen
    }
    finally {
        & tmux -S $socket kill-server 2>$null
        Remove-Item -Force -ErrorAction SilentlyContinue $socket
    }
}

function Show-WhatIfAndConfirm {
    <#
    .SYNOPSIS
        Runs "$Command -WhatIf", then $Command answering No at its -Confirm prompt, in tmux at 80 columns with $cred set
        to the given user and password; returns the words of each (both wrap, each its own way) as WhatIf and Confirm.
    #>
    param(
        [Parameter(Mandatory)] [string] $Command,
        [Parameter(Mandatory)] [string] $User,
        [Parameter(Mandatory)] [string] $Password,
        [Parameter(Mandatory)] [string] $WorkFolder
    )
    $answer = { param($socket) $null = Wait-TerminalText $socket '\[N\] No'; Invoke-Tmux $socket @('send-keys', '-t', 'views', 'N', 'Enter') | Out-Null }
    $screen = Show-InTerminal -Width 80 -WorkFolder $WorkFolder -Interact $answer -Script @"
Import-Module FluxOps
`$cred = [pscredential]::new('$User', (ConvertTo-SecureString '$Password' -AsPlainText -Force))
'== WhatIf'
$Command -WhatIf
'== Confirm'
$Command | Out-Host
"@
    [pscustomobject]@{
        WhatIf  = ((Get-ScreenSection $screen 'WhatIf') -join ' ') -replace '\s+', ' '
        Confirm = ((Get-ScreenSection $screen 'Confirm') -join ' ') -replace '\s+', ' '
    }
}

function Get-ScreenSection {
    <# The lines between the marker line '== $Name' and the next marker (or the end). #>
    param([Parameter(Mandatory)] [string] $Screen, [Parameter(Mandatory)] [string] $Name)
    $lines = $Screen -split "`n"
    $start = [array]::IndexOf($lines, "== $Name")
    if ($start -lt 0) { throw "No section '$Name' on the screen:`n$Screen" }
    $section = foreach ($line in $lines[($start + 1)..($lines.Count - 1)]) {
        if ($line -like '== *' -or $line -eq '<<views done>>') { break }
        $line.TrimEnd()
    }
    @($section | Where-Object { $_ })
}

function Find-Record {
    <#
    .SYNOPSIS
        The index of the line holding a record's headline: "<label padded to 12> <text>" on one line, or, when that
        does not fit the screen, the label alone and "  <text>" on the next line. -1 when neither is on the screen.
    #>
    param([Parameter(Mandatory)] [string[]] $Lines, [Parameter(Mandatory)] [string] $Label, [Parameter(Mandatory)] [string] $Text)
    for ($i = 0; $i -lt $Lines.Count; $i++) {
        if ($Lines[$i] -eq ($Label.PadRight(12) + ' ' + $Text)) { return $i }
        if ($Lines[$i] -eq $Label -and $i + 1 -lt $Lines.Count -and $Lines[$i + 1] -eq "  $Text") { return $i + 1 }
    }
    -1
}

function Join-RecordDetail {
    <# The detail lines under the headline at index $At (or under the first line matching $Head), joined into one text. #>
    param([Parameter(Mandatory)] [string[]] $Lines, [string] $Head, [int] $At = -1)
    if ($Head) { $At = [array]::FindIndex($Lines, [Predicate[string]] { param($l) $l -match $Head }) }
    if ($At -lt 0) { return $null }
    $detail = foreach ($line in $Lines[($At + 1)..($Lines.Count - 1)]) {
        if ($line -notmatch '^ {13}') { break }
        $line.Trim()
    }
    $detail -join ' '
}

Export-ModuleMember -Function Show-InTerminal, Show-WhatIfAndConfirm, Get-ScreenSection, Find-Record, Join-RecordDetail, Invoke-Tmux, Wait-TerminalText, Get-TerminalScreen
