# Get-FluxRevertHistory and Resume-FluxImageAutomation as a user meets them: a fresh pwsh with the installed module, the
# real git smart-HTTP server, and the history view rendered in a real terminal (tmux) at 80 and 120 columns.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
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

    It 'shows the whole image at 80 and at 120 columns in a real terminal' -ForEach @(80, 120) {
        $screen = Get-TerminalScreen -Width $_ -Command "Import-Module FluxOps; Get-FluxRevertHistory -Path '$($clone.Path)'"

        $screen | Should -Match ([regex]::Escape("bad: ${long}:1.4.0"))
        $screen | Should -Match ([regex]::Escape('bad: ghcr.io/acme/web:2.0.0'))
        $screen | Should -Match "$($revert.RevertSha.Substring(0, 7)) manual"
        $screen | Should -Match '\d{4}-\d\d-\d\d \d\d:\d\d'
        ($screen -split "`n" | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual $_
    }
}
