# Test-ImageTag as CI runs it: the installed module in a fresh pwsh, against a real docker-registry.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    $registry = Start-TestRegistry
    $digest = Push-TestImage -Registry $registry -Repository 'app' -Tag 'v1'
    $hostPort = $registry.Host
    # An empty credential home, so the machine's own docker login never decides a result.
    $isolate = "`$env:DOCKER_CONFIG = '$TestDrive'; `$env:REGISTRY_AUTH_FILE = `$null; `$env:DOCKER_AUTH_CONFIG = `$null;"
}
AfterAll { $registry.Dispose() }

Describe 'Test-ImageTag in a fresh pwsh' {
    It 'writes one result per piped reference' {
        $result = Invoke-FreshPwsh "$isolate Import-Module FluxOps; '$hostPort/app:v1','$hostPort/app:nope' | Test-ImageTag | ForEach-Object { `"`$(`$_.Status)|`$(`$_.Image)|`$(`$_.Digest)`" }"
        $result.ExitCode | Should -Be 0 -Because $result.Text
        $result.Output | Should -Be @("Exists|$hostPort/app:v1|$digest", "NotFound|$hostPort/app:nope|")
    }

    It 'shows the default table with a short digest' {
        $result = Invoke-FreshPwsh "$isolate Import-Module FluxOps; Test-ImageTag '$hostPort/app:v1' | Out-String -Width 200"
        $result.Text | Should -Match 'Status\s+Image\s+Digest\s+File:Line'
        $result.Text | Should -Match ([regex]::Escape("Exists       $hostPort/app:v1"))
        $result.Text | Should -Match ([regex]::Escape($digest.Substring(0, 19)))
        $result.Text | Should -Not -Match ([regex]::Escape($digest))
    }

    It 'exits non-zero with -FailOnMissing and names the missing reference' {
        $result = Invoke-FreshPwsh "$isolate Import-Module FluxOps; '$hostPort/app:v1','$hostPort/app:nope' | Test-ImageTag -FailOnMissing | Out-Null"
        $result.ExitCode | Should -Not -Be 0
        $result.Text | Should -Match ([regex]::Escape("missing (1): $hostPort/app:nope"))
    }

    It 'exits zero with -FailOnMissing when every image exists' {
        $result = Invoke-FreshPwsh "$isolate Import-Module FluxOps; '$hostPort/app:v1' | Test-ImageTag -FailOnMissing | Out-Null"
        $result.ExitCode | Should -Be 0 -Because $result.Text
    }

    It 'says "could not verify" and exits non-zero when the registry is down' {
        $port = [FluxOps.Testing.FreePort]::Next()
        $result = Invoke-FreshPwsh "$isolate Import-Module FluxOps; Test-ImageTag '127.0.0.1:$port/app:v1' -RetryCount 0 -FailOnMissing | Out-Null"
        $result.ExitCode | Should -Not -Be 0
        $result.Text | Should -Match 'could not verify'
        $result.Text | Should -Not -Match 'missing \('
    }
}
