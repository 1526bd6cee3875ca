# Get-FluxRevertHistory and Resume-FluxImageAutomation as a user meets them: a fresh pwsh with the installed module, the
# real git smart-HTTP server, and the history view rendered in a real terminal (tmux) at 80 and 120 columns.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TerminalViews.psm1') -Force
    Import-Module FluxOps -Force

    function Get-TerminalScreen {
        <# Runs a command in a fresh pwsh inside a detached tmux window of the given width; returns the screen text. #>
        param([Parameter(Mandatory)] [int] $Width, [Parameter(Mandatory)] [string] $Command)
        $socket = "fluxops-view-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $done = Join-Path ([IO.Path]::GetTempPath()) "$socket.done"
        $script = Join-Path ([IO.Path]::GetTempPath()) "$socket.ps1"
        Set-Content -Path $script -Value "$Command`nSet-Content -Path '$done' -Value ok`nStart-Sleep -Seconds 60"
        $self = [Environment]::ProcessPath
        $pwsh = if ((Split-Path -Leaf $self) -match '^pwsh(\.exe)?$') { "'$self'" } else { "'$self' '$(Join-Path $PSHOME 'pwsh.dll')'" }
        try {
            # A server of its own (-L): the window gets this process's environment (HOME with the installed module).
            & tmux -L $socket new-session -d -x $Width -y 60 "$pwsh -NoProfile -NoLogo -File '$script'"
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (Test-Path $done) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            (& tmux -L $socket capture-pane -p) -join "`n"
        }
        finally {
            & tmux -L $socket kill-server 2>$null
            Remove-Item $done, $script -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Get-FluxRevertHistory | Resume-FluxImageAutomation' {
    BeforeEach {
        $scenario = [FluxOps.Testing.FluxRepoScenario]::new('fleet')
        $null = [FluxOps.Testing.FluxFleet]::Seed($scenario)
        $seeded = $scenario.RemoteFile('main', 'apps/web.yaml')
        $long = 'ghcr.io/acme-corp/platform/payments-api'
        $bad = $scenario.Push('Update from image update automation', (New-FileMap @{
                    'apps/web.yaml'      = [FluxOps.Testing.FluxFleet]::Web('2.0.0')
                    'apps/payments.yaml' = "apiVersion: apps/v1`nkind: Deployment`nmetadata: {name: payments}`nspec:`n  template:`n    spec:`n      containers:`n        - name: api`n          image: ${long}:1.4.0`n"
                }))
        $clone = $scenario.NewClone($true)
        $credential = [pscredential]::new($scenario.Server.User, (ConvertTo-SecureString $scenario.Server.Password -AsPlainText -Force))
        $revert = Invoke-FluxRevert $bad -Path $clone.Path -Credential $credential -Reason 'payments 1.4.0 and web 2.0.0 crash-loop in prod' -Confirm:$false
    }
    AfterEach { $scenario.Dispose() }

    It 'reads who reverted what and why, and the images recorded bad, from the trailers' {
        $record = Get-FluxRevertHistory -Path $clone.Path

        $record.RevertSha | Should -Be $revert.RevertSha
        $record.RevertedShas | Should -Be @($bad)
        $record.Trigger | Should -Be 'Manual'
        $record.DecidedBy | Should -Be 'Ops Engineer <ops@example.test>'
        $record.Reason | Should -Be 'payments 1.4.0 and web 2.0.0 crash-loop in prod'
        $record.BadImages | Sort-Object | Should -Be @("${long}:1.4.0", 'ghcr.io/acme/web:2.0.0')
    }

    It 'pipes into Resume-FluxImageAutomation, which restores the paused marker in one pushed commit' {
        $head = $scenario.RemoteHead

        $resumed = Get-FluxRevertHistory -Path $clone.Path | Resume-FluxImageAutomation -Credential $credential -Confirm:$false

        $resumed.Policy | Should -Be 'flux-system:web'
        $resumed.PausedAfter | Should -Be $bad.Substring(0, 7)
        $resumed.Pushed | Should -BeTrue
        $scenario.Git('rev-parse', 'main^') | Should -Be $head
        $scenario.RemoteFile('main', 'apps/web.yaml') | Should -Be $seeded
    }

    It 'shows each revert as a record: what and why first, UTC ISO time and who, each bad image whole, at <_> columns' -ForEach @(80, 120) {
        $screen = Get-TerminalScreen -Width $_ -Command "Import-Module FluxOps; Get-FluxRevertHistory -Path '$($clone.Path)'"
        # FLUXOPS_VIEW_CAPTURES keeps the 80-column screens (as tests/pester/Views.Tests.ps1 does).
        if ($env:FLUXOPS_VIEW_CAPTURES -and $_ -eq 80) { Set-Content -Path (Join-Path $env:FLUXOPS_VIEW_CAPTURES 'revert-history-80.txt') -Value $screen.TrimEnd() }
        $lines = @($screen -split "`n" | ForEach-Object TrimEnd)

        $head = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l -like "$($revert.RevertSha.Substring(0, 7))      reverted $($bad.Substring(0, 7)): payments*" })
        $head | Should -BeGreaterOrEqual 0 -Because $screen
        $lines | Should -Contain '             bad image ghcr.io/acme/web:2.0.0' -Because $screen
        $lines | Should -Contain "             bad image ${long}:1.4.0" -Because $screen
        ($lines -join "`n") | Should -Match '(?m)^ {13}\d{4}-\d\d-\d\dT\d\d:\d\dZ  manual  Ops Engineer <ops@example\.test>$'
        ($lines -join ' ') -replace '\s+', ' ' | Should -BeLike '*: payments 1.4.0 and web 2.0.0 crash-loop in prod *'
        $screen | Should -Not -Match '(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])'
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessThan $_
    }

    It 'Resume-FluxImageAutomation shows the image first and whole, its file:line and policy, and where the commit went, at <_> columns' -ForEach @(80, 120) {
        $width = $_
        $command = "Import-Module FluxOps; `$c = [pscredential]::new('$($scenario.Server.User)', (ConvertTo-SecureString '$($scenario.Server.Password)' -AsPlainText -Force)); " +
            "Get-FluxRevertHistory -Path '$($clone.Path)' | Resume-FluxImageAutomation -Credential `$c -Confirm:`$false"
        $screen = Get-TerminalScreen -Width $_ -Command $command
        if ($env:FLUXOPS_VIEW_CAPTURES -and $_ -eq 80) { Set-Content -Path (Join-Path $env:FLUXOPS_VIEW_CAPTURES 'resume-80.txt') -Value $screen.TrimEnd() }
        $lines = @($screen -split "`n" | ForEach-Object TrimEnd)
        $resume = $scenario.Git('rev-parse', 'main')

        $at = [array]::IndexOf([string[]] $lines, 'Resumed      ghcr.io/acme/web:1.0.0')
        $at | Should -BeGreaterOrEqual 0 -Because $screen
        $lines[$at + 1] | Should -Match "^ {13}apps/web\.yaml:\d+  flux-system:web  paused when $($bad.Substring(0, 7)) was reverted$"
        $lines[$at + 2] | Should -Be "             $($resume.Substring(0, 7)) pushed to origin/main"
        $lines[$at..($at + 2)] | ForEach-Object { $_.Length | Should -BeLessThan $width -Because $screen }
    }

    It 'Resume-FluxImageAutomation -Confirm asks with what -WhatIf shows; No changes nothing' {
        $before = $scenario.RemoteHead
        $common = "Get-FluxRevertHistory -Path '$($clone.Path)' | Resume-FluxImageAutomation -Credential `$cred"
        $shown = Show-WhatIfAndConfirm -Command $common -User $scenario.Server.User -Password $scenario.Server.Password -WorkFolder $TestDrive
        $whatIf, $confirm = $shown.WhatIf, $shown.Confirm
        $whatIf | Should -Match 'apps/web\.yaml' -Because $whatIf
        $whatIf | Should -Match 'flux-system:web' -Because $whatIf
        foreach ($fact in 'apps/web.yaml', 'flux-system:web', 'origin/main') { $confirm | Should -Match ([regex]::Escape($fact)) -Because $confirm }
        $confirm | Should -Match 'Resume image automation for the markers listed and push to origin/main\?'
        $scenario.RemoteHead | Should -Be $before
    }
}
