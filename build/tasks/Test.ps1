function Invoke-TestTask($Context) {
    $root = $Context.Root
    $results = $Context.TestResults
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $results
    New-Item -ItemType Directory -Force $results | Out-Null
    $env:FLUXOPS_MODULE_PATH = Join-Path $Context.ModuleDir 'FluxOps.psd1'
    $tally = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $problems = [System.Collections.Generic.List[string]]::new()

    Write-BuildStep 'Code style (dotnet format --verify-no-changes)'
    Invoke-Native dotnet @('format', (Join-Path $root 'FluxOps.sln'), '--verify-no-changes', '--no-restore', '-v', 'quiet') -AllowFailure | Out-Host
    if ($LASTEXITCODE -ne 0) { $tally.Failed++; $problems.Add('dotnet format found unformatted code (run: dotnet format FluxOps.sln)') } else { $tally.Passed++ }

    Write-BuildStep 'docs/cmdlets matches module/docs (run ./build.ps1 -Task Docs after editing help)'
    $stale = @(foreach ($page in (Get-CmdletReferencePages -Root $root).GetEnumerator()) {
            $file = Join-Path $root "docs/cmdlets/$($page.Key)"
            if (-not (Test-Path $file) -or (Get-Content -Raw $file) -ne $page.Value) { $page.Key }
        })
    if ($stale) { $tally.Failed++; $problems.Add("docs/cmdlets is stale: $($stale -join ', ')") } else { $tally.Passed++ }

    # The SARIF 2.1.0 JSON schema the report tests validate against ships in an npm package.
    $jestSarif = Get-NpmPackageFolder -Root $root -Package '@microsoft/jest-sarif' -Version '1.0.0-beta.0'
    $env:FLUXOPS_SARIF_SCHEMA = Join-Path $jestSarif 'lib/schemas/sarif-2.1.0-rtm.5.json'

    # The hosting fakes are witnessed by the providers' own npm clients and validated against GitHub's official OpenAPI
    # description (only api.github.com.json of the 385 MB package is unpacked); @octokit/fixtures' recorded
    # interactions are replayed against the GitHub client.
    $env:FLUXOPS_WITNESS_DIR = Install-NpmWitnesses -Root $root
    $openApi = Get-NpmPackageFolder -Root $root -Package '@octokit/openapi' -Version '23.0.2' -Include 'generated/api.github.com.json', 'LICENSE'
    $env:FLUXOPS_GITHUB_OPENAPI = Join-Path $openApi 'generated/api.github.com.json'
    $fixtures = Get-NpmPackageFolder -Root $root -Package '@octokit/fixtures' -Version '23.1.2'
    $env:FLUXOPS_OCTOKIT_FIXTURES = Join-Path $fixtures 'scenarios/api.github.com'

    # The Kustomize oracle (xunit) and the deploy/ render (Pester) run `kubectl kustomize`, which must be Kustomize v5.
    $kubectl = Use-KubectlWithKustomize5 -Root $root
    Write-Host "    kubectl for the Kustomize oracle: $kubectl"

    foreach ($project in 'FluxOps.Core.Tests', 'FluxOps.PowerShell.Tests') {
        Write-BuildStep "xunit: $project"
        $trx = "$project.trx"
        Invoke-Native dotnet @('test', (Join-Path $root "tests/$project/$project.csproj"), '-c', $Context.Configuration, '--no-build', '--nologo',
            '--logger', "trx;LogFileName=$trx", '--logger', 'console;verbosity=minimal', '--results-directory', $results) -AllowFailure | Out-Host
        $counts = Read-TrxCounts (Join-Path $results $trx)
        if (-not $counts) { $tally.Failed++; $problems.Add("$project produced no results (exit code $LASTEXITCODE)"); continue }
        $tally.Passed += $counts.Passed; $tally.Failed += $counts.Failed; $tally.Skipped += $counts.Skipped
        if ($counts.Failed) { $problems.Add("$project`: $($counts.Failed) failed") }
    }

    Write-BuildStep 'Pester: module installed from the local repository, in a fresh pwsh'
    $summary = Join-Path $results 'pester-summary.json'
    $pester = Get-BuildToolPath -Root $root -Package 'Pester' -Version '5.7.1'
    $oldYaml = Get-BuildToolPath -Root $root -Package 'YamlDotNet' -Version '13.7.1'
    # A home of its own: the install, PSResource registrations, git and docker config of the suite never touch
    # (or depend on) the user's, and parallel runs from other clones cannot replace each other's module.
    # The XDG folders are set and created too: an inherited XDG_DATA_HOME would otherwise still point at the user's
    # data, and one that does not exist makes PSResourceGet write PSResourceGet/PSResourceRepository.xml into the
    # current folder (the repository root) because .NET reports a missing LocalApplicationData as "".
    $testHome = Join-Path $Context.Out 'test-home'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $testHome
    $suiteEnvironment = [ordered]@{
        HOME            = $testHome
        XDG_DATA_HOME   = Join-Path $testHome '.local/share'
        XDG_CONFIG_HOME = Join-Path $testHome '.config'
        XDG_CACHE_HOME  = Join-Path $testHome '.cache'
    }
    $saved = @{}
    foreach ($name in $suiteEnvironment.Keys) {
        New-Item -ItemType Directory -Force $suiteEnvironment[$name] | Out-Null
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $suiteEnvironment[$name])
    }
    try {
        Invoke-ChildPwsh @('-File', (Join-Path $root 'tests/pester/Invoke-PesterSuite.ps1'),
            '-RepositoryPath', $Context.RepoDir, '-PesterManifest', (Join-Path $pester 'tools/Pester.psd1'),
            '-TestingAssembly', (Join-Path $root "tests/FluxOps.Testing/bin/$($Context.Configuration)/net8.0/FluxOps.Testing.dll"),
            '-OtherYamlDotNet', (Join-Path $oldYaml 'lib/net7.0/YamlDotNet.dll'),
            '-ResultPath', (Join-Path $results 'pester.xml'), '-SummaryPath', $summary) -AllowFailure | Out-Host
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
    if (Test-Path $summary) {
        $counts = Get-Content -Raw $summary | ConvertFrom-Json
        $tally.Passed += $counts.Passed; $tally.Failed += $counts.Failed; $tally.Skipped += $counts.Skipped
        if ($counts.Failed) { $problems.Add("Pester: $($counts.Failed) failed") }
    }
    else { $tally.Failed++; $problems.Add('Pester produced no results') }

    Write-BuildStep 'No stray PSResourceGet settings in the work tree'
    $stray = @(Find-StrayPSResourceFiles -Root $root -Out $Context.Out)
    if ($stray) { $tally.Failed++; $problems.Add("PSResourceGet wrote into the work tree (its data folder was missing): $($stray -join ', ')") } else { $tally.Passed++ }

    foreach ($p in $problems) { Write-Host "    FAILED: $p" -ForegroundColor Red }
    Write-Host "    results: $results"
    # The one closing line CI reads.
    Write-Host "Tests: $($tally.Passed) passed, $($tally.Failed) failed, $($tally.Skipped) skipped"
    if ($tally.Failed -gt 0) { exit 1 }
}

function Read-TrxCounts([string] $Path) {
    if (-not (Test-Path $Path)) { return $null }
    [xml] $trx = Get-Content -Raw $Path
    $c = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$c.passed; Failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted; Skipped = [int]$c.notExecuted }
}

function Find-StrayPSResourceFiles([string] $Root, [string] $Out) {
    <# PSResourceGet settings anywhere in the work tree except out/ (where the suite's own home lives) and .git/. #>
    $top = Get-ChildItem -LiteralPath $Root -Force | Where-Object { $_.FullName -ne $Out -and $_.Name -ne '.git' }
    $all = foreach ($item in $top) {
        $item
        if ($item.PSIsContainer) { Get-ChildItem -LiteralPath $item.FullName -Recurse -Force -ErrorAction SilentlyContinue }
    }
    $all | Where-Object { $_.Name -in 'PSResourceGet', 'PSResourceRepository.xml' } |
        ForEach-Object { [IO.Path]::GetRelativePath($Root, $_.FullName) }
}
