# The real-component fixtures, driven from Pester: every later Pester test stands on them.
BeforeAll { Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force }

Describe 'Test fixtures' {
    It 'start a registry, push an image, and stop it' {
        $registry = Start-TestRegistry
        try {
            $digest = Push-TestImage -Registry $registry -Repository 'demo/app' -Tag 'v1'
            $response = Invoke-WebRequest -Method Head -Uri "http://$($registry.Host)/v2/demo/app/manifests/v1" -Headers @{ Accept = 'application/vnd.oci.image.manifest.v1+json' }
            $response.Headers['Docker-Content-Digest'] | Should -Be $digest
        }
        finally { $registry.Dispose() }
        { Invoke-WebRequest -Uri "http://$($registry.Host)/v2/" -TimeoutSec 2 } | Should -Throw
    }

    It 'start a git server that needs its password' {
        $server = Start-TestGitServer
        try {
            $null = $server.CreateBareRepository('gitops')
            $work = New-TestWorkTree
            try {
                $null = $work.Commit('first', (New-FileMap @{ 'a.yaml' = "a: 1`n" }))
                $null = $work.Git([string[]]@('push', '-q', $server.AuthenticatedUrlFor('gitops'), 'HEAD:refs/heads/main'))
                (git ls-remote $server.AuthenticatedUrlFor('gitops') 2>&1 | Out-String) | Should -Match 'refs/heads/main'
                $env:GIT_TERMINAL_PROMPT = '0'
                git ls-remote $server.UrlFor('gitops') 2>&1 | Out-Null
                $LASTEXITCODE | Should -Not -Be 0
            }
            finally { $work.Dispose() }
        }
        finally { $server.Dispose() }
    }
}
