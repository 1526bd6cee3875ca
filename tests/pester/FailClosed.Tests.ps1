# -FailOnMissing fails the job in every way a CI system runs PowerShell, proven in real pwsh processes started the way
# each host starts them (the wrappers are reproduced from actions/runner, azure-pipelines-tasks PowerShellV2 and
# gitlab-runner's pwsh shell).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    $registry = Start-TestRegistry
    $null = Push-TestImage -Registry $registry -Repository 'app' -Tag 'v1'
    $hostPort = $registry.Host
    $isolate = "`$env:DOCKER_CONFIG = '$TestDrive'; `$env:REGISTRY_AUTH_FILE = `$null; `$env:DOCKER_AUTH_CONFIG = `$null; `$env:GITHUB_ACTIONS = `$null; `$env:TF_BUILD = `$null"
    $missingGate = "$isolate`nImport-Module FluxOps`n'$hostPort/app:v1', '$hostPort/app:nope' | Test-ImageTag -FailOnMissing | Out-Null"
    $passingGate = "$isolate`nImport-Module FluxOps`n'$hostPort/app:v1' | Test-ImageTag -FailOnMissing | Out-Null"

    function Invoke-Pwsh {
        <# Starts pwsh with exactly these arguments (and optional standard input); returns exit code and output. #>
        param([string[]] $Arguments, [string] $InputText)
        $self = [Environment]::ProcessPath
        $info = [Diagnostics.ProcessStartInfo]::new($self)
        if ((Split-Path -Leaf $self) -notmatch '^pwsh(\.exe)?$') { $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in $Arguments) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true; $info.RedirectStandardInput = $true
        $info.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync(); $stderr = $process.StandardError.ReadToEndAsync()
        if ($InputText) { $process.StandardInput.Write($InputText) }
        $process.StandardInput.Close()
        if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw "pwsh $Arguments did not finish" }
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Error = $stderr.Result; Text = $stdout.Result + $stderr.Result }
    }

    function New-Script([string] $Name, [string] $Text, [switch] $Bom) {
        $path = Join-Path $TestDrive $Name
        [IO.File]::WriteAllText($path, $Text, [Text.UTF8Encoding]::new($Bom.IsPresent))
        $path
    }

    function Invoke-GitHubActionsPwsh([string] $UserScript) {
        # actions/runner ScriptHandlerHelpers: prepend ErrorActionPreference, append the LASTEXITCODE exit, run pwsh -command ". '{0}'".
        $file = New-Script "gha-$([guid]::NewGuid().ToString('N')).ps1" ("`$ErrorActionPreference = 'stop'`n$UserScript`nif ((Test-Path -LiteralPath variable:\LASTEXITCODE)) { exit `$LASTEXITCODE }")
        Invoke-Pwsh -Arguments @('-command', ". '$file'")
    }

    function Invoke-AzurePowerShell2([string] $ScriptPath, [string] $ErrorActionPreference = 'Stop') {
        # azure-pipelines-tasks PowerShellV2 (pwsh: true, targetType: filePath): a BOM'd wrapper, run with -Command ". 'wrapper'".
        $lines = @("`$ErrorActionPreference = '$ErrorActionPreference'", ". '$($ScriptPath.Replace("'", "''"))'",
            'if (!(Test-Path -LiteralPath variable:\LASTEXITCODE)) {', "    Write-Host '##vso[task.debug]`$LASTEXITCODE is not set.'", '} else {',
            "    Write-Host ('##vso[task.debug]`$LASTEXITCODE: {0}' -f `$LASTEXITCODE)", '    exit $LASTEXITCODE', '}')
        $wrapper = New-Script "azp-$([guid]::NewGuid().ToString('N')).ps1" ($lines -join "`n") -Bom
        Invoke-Pwsh -Arguments @('-NoLogo', '-NoProfile', '-NonInteractive', '-Command', ". '$wrapper'")
    }

    function Invoke-GitLabPwsh([string[]] $ScriptLines) {
        # gitlab-runner's pwsh shell: the job script wrapped in '& { ... }' with Stop, each line followed by its $? check, fed on stdin.
        $body = ($ScriptLines | ForEach-Object { "$_`nif(!`$?) { Exit &{if(`$LASTEXITCODE) {`$LASTEXITCODE} else {1}} }`n" }) -join "`n"
        Invoke-Pwsh -Arguments @('-NoProfile', '-NoLogo', '-InputFormat', 'text', '-OutputFormat', 'text', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', '-') `
            -InputText "& {`n`n`$ErrorActionPreference = `"Stop`"`n$body`n}`n`n"
    }
}
AfterAll { $registry.Dispose() }

Describe 'Test-ImageTag -FailOnMissing fails the job in every CI host' {
    It 'pwsh -c exits non-zero, even when statements follow the gate' {
        $result = Invoke-Pwsh -Arguments @('-NoProfile', '-NonInteractive', '-c', "$missingGate; 'after the gate'")
        $result.ExitCode | Should -Be 1 -Because $result.Text
        $result.Output | Should -Match 'after the gate'
        $result.Text | Should -Match ([regex]::Escape("missing (1): $hostPort/app:nope"))
    }

    It 'pwsh -File with statements after the gate exits 1' {
        $script = New-Script 'ci.ps1' "$missingGate`nWrite-Output 'deploying anyway'`n"
        $result = Invoke-Pwsh -Arguments @('-NoProfile', '-NonInteractive', '-File', $script)
        $result.ExitCode | Should -Be 1 -Because $result.Text
    }

    It 'pwsh -File exits 0 when every image exists' {
        $script = New-Script 'ok.ps1' "$passingGate`nWrite-Output 'deploying'`n"
        $result = Invoke-Pwsh -Arguments @('-NoProfile', '-NonInteractive', '-File', $script)
        $result.ExitCode | Should -Be 0 -Because $result.Text
        $result.Output | Should -Match 'deploying'
    }

    It 'GitHub Actions shell: pwsh fails the step and runs nothing after the gate' {
        $result = Invoke-GitHubActionsPwsh "$missingGate`nWrite-Output 'after the gate'"
        $result.ExitCode | Should -Be 1 -Because $result.Text
        $result.Output | Should -Not -Match 'after the gate'
        (Invoke-GitHubActionsPwsh $passingGate).ExitCode | Should -Be 0
    }

    It 'Azure Pipelines PowerShell@2 (pwsh: true) fails with its default errorActionPreference and with continue' {
        $script = New-Script 'azure-ci.ps1' "$missingGate`n& git --version | Out-Null`nWrite-Output 'after the gate'`n"
        $stop = Invoke-AzurePowerShell2 -ScriptPath $script
        $stop.ExitCode | Should -Be 1 -Because $stop.Text
        $stop.Output | Should -Not -Match 'after the gate'
        $continue = Invoke-AzurePowerShell2 -ScriptPath $script -ErrorActionPreference 'Continue'
        $continue.ExitCode | Should -Not -Be 0 -Because "a native command after the gate reset `$LASTEXITCODE to 0: $($continue.Text)"
        (Invoke-AzurePowerShell2 -ScriptPath (New-Script 'azure-ok.ps1' $passingGate)).ExitCode | Should -Be 0
    }

    It 'GitLab script: with the pwsh shell fails the job' {
        $result = Invoke-GitLabPwsh @($isolate, 'Import-Module FluxOps', "'$hostPort/app:nope' | Test-ImageTag -FailOnMissing | Out-Null", "Write-Output 'after the gate'")
        $result.ExitCode | Should -Be 1 -Because $result.Text
        $result.Output | Should -Not -Match 'after the gate'
        (Invoke-GitLabPwsh @($isolate, 'Import-Module FluxOps', "'$hostPort/app:v1' | Test-ImageTag -FailOnMissing | Out-Null")).ExitCode | Should -Be 0
    }

    It 'the failure is an ordinary catchable error that sets $LASTEXITCODE, and an explicit exit 0 after handling it wins' {
        $caught = Invoke-Pwsh -Arguments @('-NoProfile', '-NonInteractive', '-c', "try { $($missingGate -replace "`n", '; ') } catch { 'caught:' + `$_.FullyQualifiedErrorId.Split(',')[0] + ':' + `$LASTEXITCODE }; exit 0")
        $caught.ExitCode | Should -Be 0 -Because 'an explicit exit 0 after handling the failure is the script author''s decision'
        $caught.Output | Should -Match 'caught:ImageMissing:1'
    }
}

Describe 'Get-ChangedImages fails closed on changed manifests it cannot read' {
    BeforeAll {
        $work = New-TestWorkTree
        $null = $work.Commit('base', (New-FileMap @{ 'README.md' = "x`n" }))
    }
    AfterAll { $work.Dispose() }

    It 'a changed file that is not UTF-8 fails pwsh -File; -SkipUnreadable goes on with a warning' {
        New-Item -ItemType Directory -Force (Join-Path $work.Path 'apps') | Out-Null
        [IO.File]::WriteAllBytes((Join-Path $work.Path 'apps/latin1.yaml'), [byte[]](0x61, 0x3a, 0x20, 0xe9, 0x0a))
        $null = $work.Git('add', 'apps/latin1.yaml')
        $null = $work.Commit('latin1', (New-FileMap @{ 'apps/web.yaml' = "apiVersion: v1`nkind: Pod`nmetadata: {name: w}`nspec:`n  containers: [{name: w, image: ghcr.io/acme/web:1.0}]`n" }))
        $script = New-Script 'changed.ps1' "Import-Module FluxOps`n`$images = @(Get-ChangedImages -Path '$($work.Path)' -Base HEAD~1)`n'found ' + `$images.Count`n"
        $failed = Invoke-Pwsh -Arguments @('-NoProfile', '-NonInteractive', '-File', $script)
        $failed.ExitCode | Should -Be 1 -Because $failed.Text
        $failed.Text | Should -Match 'apps/latin1.yaml'
        $failed.Text | Should -Match 'SkipUnreadable'

        $skip = Invoke-Pwsh -Arguments @('-NoProfile', '-NonInteractive', '-c', "Import-Module FluxOps; @(Get-ChangedImages -Path '$($work.Path)' -Base HEAD~1 -SkipUnreadable).Image")
        $skip.ExitCode | Should -Be 0 -Because $skip.Text
        $skip.Output | Should -Match 'ghcr.io/acme/web:1.0'
        $skip.Text | Should -Match 'WARNING: apps/latin1.yaml'
    }

    It 'a file name cannot start a workflow command or hold a logging command in any stream' {
        $name = "apps/evil`n::error::owned`n##vso[task.setvariable variable=x]y.yaml"
        $null = $work.Commit('evil', (New-FileMap @{ $name = "kind: [`n" }))
        $result = Invoke-Pwsh -Arguments @('-NoProfile', '-NonInteractive', '-c', "`$env:GITHUB_ACTIONS = 'true'; Import-Module FluxOps; Get-ChangedImages -Path '$($work.Path)' -Base HEAD~1 -Verbose -SkipUnreadable 4>&1 3>&1 | Out-String -Width 500")
        $result.ExitCode | Should -Be 0 -Because $result.Text
        $result.Text | Should -Match 'evil'
        $lines = $result.Text -split "`r?`n"
        @($lines | Where-Object { $_.TrimStart().StartsWith('::') }) | Should -BeNullOrEmpty
        $result.Text | Should -Not -Match '##vso\['
    }
}
