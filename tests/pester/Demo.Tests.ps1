# The README's main-job command runs this demo; here it runs against the installed module in a fresh pwsh.
BeforeAll { Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force }

Describe 'The FluxOps demo' {
    BeforeAll {
        $script = Join-Path $PSScriptRoot '../../demo/Invoke-FluxOpsDemo.ps1'
        # The demo handles its failed gate on purpose; its own 'exit 0' decides the exit code, as with -File.
        $run = Invoke-FreshPwsh "& '$script' -SkipInstall; exit `$LASTEXITCODE"
    }

    It 'runs the whole story and says so' {
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match 'DEMO OK'
    }

    It 'stops the bad tag before push, naming file and line' {
        $run.Text | Should -Match 'Stopped before push: .*missing \(1\): 127\.0\.0\.1:\d+/acme/web:1\.2\.0 \(apps/production/kustomization\.yaml:\d+; nearest tags: 1\.1\.0, 1\.0\.0\)'
    }

    It 'reverts once from the signed event and ignores the duplicate and the forgery' {
        $run.Text | Should -Match 'POST /hooks/flux -> 202'
        $run.Text | Should -Match 'Fluxops-Reverts: [0-9a-f]{40}'
        $run.Text | Should -Match 'fluxops_rollback_reverts_total 1'
        $run.Text | Should -Match 'A forged signature -> 401'
    }

    It 'shows -WhatIf before the panic-button revert' {
        $run.Text | Should -Match 'What if: Commit on top of origin/main'
        $run.Text | Should -Match 'redis is back on 7\.2\.4'
    }

    It 'leaves nothing running' {
        $ports = [regex]::Matches($run.Text, '(?:Registry:\s+http://|Git server: http://|listening on http://)127\.0\.0\.1:(\d+)') | ForEach-Object { [int] $_.Groups[1].Value }
        $ports.Count | Should -Be 3
        foreach ($port in $ports) {
            $client = [System.Net.Sockets.TcpClient]::new()
            try { { $client.Connect('127.0.0.1', $port) } | Should -Throw -Because "port $port should be closed" }
            finally { $client.Dispose() }
        }
    }
}
