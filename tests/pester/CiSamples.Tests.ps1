# The CI samples in docs/ci run as shipped: their PowerShell is taken out of the YAML, the CI's variables are given the
# values the CI would give, and it runs in a fresh pwsh whose output is a pipe (as in a CI log: 80 columns) against the
# installed module, a real registry and a real git repository. Nothing the reader needs may be cut.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    Add-Type -Path $env:FLUXOPS_OTHER_YAMLDOTNET
    $samples = Join-Path $PSScriptRoot '../../docs/ci'
    function Read-Yaml([string] $Name) { [YamlDotNet.Serialization.DeserializerBuilder]::new().Build().Deserialize[object]((Get-Content -Raw (Join-Path $samples $Name))) }

    $registry = Start-TestRegistry
    $null = Push-TestImage -Registry $registry -Repository 'acme-corp/platform/payments-api' -Tag '1.2.3'
    $exists = "$($registry.Host)/acme-corp/platform/payments-api:1.2.3"
    $missing = "$($registry.Host)/acme-corp/platform/settlement-worker:2026.03.14-rc.1"
    $tree = New-TestWorkTree
    $null = $tree.Commit('base', (New-FileMap @{ 'README.md' = "fleet`n" }))
    $base = $tree.Head
    # The pull request's branch: the target branch is origin/main, as a CI checkout has it.
    $tree.Git('update-ref', 'refs/remotes/origin/main', $base) | Out-Null
    $null = $tree.Commit('payments 1.2.3 and the settlement worker', (New-FileMap @{
                'clusters/production/apps/payments/deployment.yaml'        = [FluxOps.Testing.SampleManifests]::Deployment($exists, $null)
                'clusters/production/apps/payments/settlement-worker.yaml' = [FluxOps.Testing.SampleManifests]::Deployment($missing, $null)
            }))

    function Invoke-Sample([string] $Script, [hashtable] $Environment) {
        $prelude = @("`$env:DOCKER_CONFIG = '$TestDrive'", "`$env:REGISTRY_AUTH_FILE = `$null", "`$env:GITHUB_ACTIONS = `$null", "`$env:TF_BUILD = `$null")
        $prelude += foreach ($name in $Environment.Keys) { "`$env:$name = '$($Environment[$name])'" }
        $prelude += "Set-Location -LiteralPath '$($tree.Path)'"
        $file = Join-Path $TestDrive "sample-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -Path $file -Value (($prelude + $Script) -join "`n")
        Invoke-FreshPwsh "& '$file'; exit `$LASTEXITCODE"
    }

    function Assert-WholeResults($Result) {
        # Each image whole on a line of its own record, its file:line under it; the missing one fails the job.
        $Result.ExitCode | Should -Not -Be 0 -Because $Result.Text
        $lines = $Result.Output | ForEach-Object { $_.TrimEnd() }
        $lines | Should -Contain "Exists       $exists" -Because $Result.Text
        ($lines -contains "NotFound     $missing") -or (($lines -join "`n") -match "(?m)^NotFound`n  $([regex]::Escape($missing))$") | Should -BeTrue -Because $Result.Text
        $Result.Text | Should -Match 'clusters/production/apps/payments/settlement-worker\.yaml:\d+'
        $Result.Text | Should -Not -Match '…'
    }
}
AfterAll {
    $tree.Dispose()
    $registry.Dispose()
}

Describe 'docs/ci/github-actions.yml' {
    It 'may upload SARIF in a private repository (actions: read) and its check step runs without cutting anything' {
        $workflow = Read-Yaml 'github-actions.yml'
        $workflow['permissions']['actions'] | Should -Be 'read'
        $workflow['permissions']['security-events'] | Should -Be 'write'
        $step = $workflow['jobs']['images']['steps'] | Where-Object { $_['name'] -eq 'Check every image the change introduces' }
        $script = $step['run'].Replace('${{ github.base_ref }}', 'main')

        $result = Invoke-Sample $script @{ GITHUB_ACTIONS = 'true' }

        Assert-WholeResults $result
        @($result.Output | Where-Object { $_ -like '::error file=clusters/production/apps/payments/settlement-worker.yaml,line=*' }).Count | Should -Be 1
        Test-Path (Join-Path $tree.Path 'images.sarif') | Should -BeTrue
    }
}

Describe 'docs/ci/gitlab-ci.yml' {
    It 'needs no git in its image: it diffs against CI_MERGE_REQUEST_DIFF_BASE_SHA, and runs without cutting anything' {
        $job = (Read-Yaml 'gitlab-ci.yml')['image-check']
        $job['script'] | Where-Object { $_ -match '(^|\s)git\s' } | Should -BeNullOrEmpty
        $command = $job['script'] | Where-Object { $_ -match 'Get-ChangedImages' }
        $script = [regex]::Match($command, "(?s)pwsh -NoProfile (?:-NonInteractive )?-c '(.*)'\s*$").Groups[1].Value

        $script | Should -Match 'Get-ChangedImages' -Because 'the sample script was found in the job'
        $result = Invoke-Sample $script @{ CI_MERGE_REQUEST_DIFF_BASE_SHA = $base }

        Assert-WholeResults $result
        Test-Path (Join-Path $tree.Path 'images.xml') | Should -BeTrue
    }
}

Describe 'docs/ci/azure-pipelines.yml' {
    It 'runs its check step without cutting anything' {
        $step = (Read-Yaml 'azure-pipelines.yml')['steps'] | Where-Object { $_.ContainsKey('pwsh') }
        $script = ($step['pwsh'] -split "`n" | Where-Object { $_ -notmatch '^\s*Install-PSResource' }) -join "`n"
        $script = $script.Replace('$(Build.ArtifactStagingDirectory)', $TestDrive)

        $result = Invoke-Sample $script @{ SYSTEM_PULLREQUEST_TARGETBRANCH = 'refs/heads/main'; TF_BUILD = 'True' }

        Assert-WholeResults $result
        @($result.Output | Where-Object { $_ -like '##vso`[task.logissue type=error;sourcepath=clusters/production/apps/payments/settlement-worker.yaml;*' }).Count | Should -Be 1
    }
}

Describe 'docs/ci/pre-push' {
    It 'refuses the push of a missing image and shows each image whole' {
        # git runs the hook with the remote's name and URL, and one line per ref on stdin; 'pwsh' is this suite's.
        $bin = Join-Path $TestDrive 'bin'
        New-Item -ItemType Directory -Force $bin | Out-Null
        $self = [Environment]::ProcessPath
        $dll = if ((Split-Path -Leaf $self) -notmatch '^pwsh(\.exe)?$') { "'$(Join-Path $PSHOME 'pwsh.dll')'" } else { '' }
        Set-Content -Path (Join-Path $bin 'pwsh') -Value "#!/bin/sh`nexec '$self' $dll `"`$@`"`n"
        chmod +x (Join-Path $bin 'pwsh')
        $stdin = Join-Path $TestDrive 'refs.txt'
        Set-Content -Path $stdin -Value "refs/heads/feature $($tree.Head) refs/heads/feature $base"
        $hook = (Resolve-Path (Join-Path $samples 'pre-push')).Path

        $output = & sh -c "cd '$($tree.Path)' && PATH='$bin':`$PATH DOCKER_CONFIG='$TestDrive' REGISTRY_AUTH_FILE= GITHUB_ACTIONS= TF_BUILD= sh '$hook' origin http://example.invalid/fleet.git < '$stdin'" 2>&1
        $exit = $LASTEXITCODE
        $text = ($output | ForEach-Object { "$_" }) -join "`n"

        $exit | Should -Be 1 -Because $text
        $text | Should -Match ("(?m)^Exists {7}" + [regex]::Escape($exists) + '$')
        $text | Should -Match ([regex]::Escape($missing))
        $text | Should -Match 'push refused'
    }
}
