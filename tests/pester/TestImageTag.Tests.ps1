# Test-ImageTag as CI runs it: the installed module in a fresh pwsh, against a real docker-registry.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    $registry = Start-TestRegistry
    $digest = Push-TestImage -Registry $registry -Repository 'app' -Tag 'v1'
    $hostPort = $registry.Host
    # An empty credential home, so the machine's own docker login never decides a result.
    # No CI markers either, so annotation lines appear only where a test asks for them.
    $isolate = "`$env:DOCKER_CONFIG = '$TestDrive'; `$env:REGISTRY_AUTH_FILE = `$null; `$env:DOCKER_AUTH_CONFIG = `$null; `$env:GITHUB_ACTIONS = `$null; `$env:TF_BUILD = `$null;"
}
AfterAll { $registry.Dispose() }

Describe 'Test-ImageTag in a fresh pwsh' {
    It 'writes one result per piped reference' {
        $result = Invoke-FreshPwsh "$isolate Import-Module FluxOps; '$hostPort/app:v1','$hostPort/app:nope' | Test-ImageTag | ForEach-Object { `"`$(`$_.Status)|`$(`$_.Image)|`$(`$_.Digest)`" }"
        $result.ExitCode | Should -Be 0 -Because $result.Text
        $result.Output | Should -Be @("Exists|$hostPort/app:v1|$digest", "NotFound|$hostPort/app:nope|")
    }

    It 'shows the default record view with a short digest' {
        $result = Invoke-FreshPwsh "$isolate Import-Module FluxOps; Test-ImageTag '$hostPort/app:v1' | Out-String -Width 200"
        $result.Text | Should -Match ([regex]::Escape("Exists       $hostPort/app:v1"))
        $result.Text | Should -Match ("(?m)^ {13}" + [regex]::Escape($digest.Substring(0, 19)) + '$')
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

    It 'prints a GitHub Actions error annotation on the file and line when GITHUB_ACTIONS is set' {
        $ref = "[pscustomobject]@{ Image = '$hostPort/app:nope'; File = 'apps/web/deploy.yaml'; Line = 12 }"
        $result = Invoke-FreshPwsh "$isolate `$env:GITHUB_ACTIONS = 'true'; Import-Module FluxOps; $ref, '$hostPort/app:v1' | Test-ImageTag | Out-Null"
        $result.ExitCode | Should -Be 0 -Because $result.Text
        $annotation = @($result.Output | Where-Object { $_ -like '::error*' })
        $annotation[0] | Should -BeLike "::error file=apps/web/deploy.yaml,line=12,title=Image not found::image not found: $hostPort/app:nope (*"
        $annotation.Count | Should -Be 1 -Because 'existing images get no annotation'
    }

    It 'prints an Azure Pipelines logissue line when TF_BUILD is set, and nothing of the kind elsewhere' {
        $ref = "[pscustomobject]@{ Image = '$hostPort/app:nope'; File = 'apps/web/deploy.yaml'; Line = 12 }"
        $azure = Invoke-FreshPwsh "$isolate `$env:TF_BUILD = 'True'; Import-Module FluxOps; $ref | Test-ImageTag | Out-Null"
        @($azure.Output | Where-Object { $_ -like '##vso*' })[0] | Should -BeLike "##vso``[task.logissue type=error;sourcepath=apps/web/deploy.yaml;linenumber=12;``]image not found: $hostPort/app:nope (*"
        $plain = Invoke-FreshPwsh "$isolate Import-Module FluxOps; $ref | Test-ImageTag | Out-Null"
        $plain.Text | Should -Not -Match '::error|##vso'
    }
}
