# Panic button (issue 6) on a 10,000-commit repository served by the real git smart-HTTP server:
#  1. Get-FluxBadCommit -Include <path> -Since <before the first commit> (walks all 10,000 commits) vs `git log --format=%H -- <path>`
#  2. Invoke-FluxRevert (fetch + revert + fast-forward push) vs `git revert --no-edit <sha> && git push` to the same server
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
if (-not $env:FLUXOPS_MODULE_PATH) { throw 'FLUXOPS_MODULE_PATH is not set: run ./build.ps1 -Task Bench.' }
if (-not $env:FLUXOPS_TESTING_DLL) { throw 'FLUXOPS_TESTING_DLL is not set: run ./build.ps1 -Task Bench.' }
Import-Module $env:FLUXOPS_MODULE_PATH -Force
Add-Type -Path $env:FLUXOPS_TESTING_DLL

$commitCount = 10000
$path = 'clusters/prod/apps'
$env:GIT_CONFIG_NOSYSTEM = '1'
$env:GIT_AUTHOR_NAME = 'Bench'; $env:GIT_AUTHOR_EMAIL = 'bench@example.test'
$env:GIT_COMMITTER_NAME = 'Bench'; $env:GIT_COMMITTER_EMAIL = 'bench@example.test'
$env:GIT_TERMINAL_PROMPT = '0'

$server = [FluxOps.Testing.GitHttpServer]::new('flux', $null)
$work = [FluxOps.Testing.TempDirectory]::new('fluxops-bench')
try {
    # A 10,000-commit history through git fast-import: every 25th commit touches the Kustomization path.
    $bare = $server.CreateBareRepository('big', 'main')
    $stream = [System.Text.StringBuilder]::new()
    $start = 1700000000
    for ($i = 1; $i -le $commitCount; $i++) {
        $file = if ($i % 25 -eq 0) { "$path/web.yaml" } else { "infra/component-$($i % 40).yaml" }
        $content = "replicas: $i`n"
        $message = "change $i`n"
        [void]$stream.Append("commit refs/heads/main`nmark :$i`nauthor Bench <bench@example.test> $($start + $i * 60) +0000`ncommitter Bench <bench@example.test> $($start + $i * 60) +0000`n")
        [void]$stream.Append("data $($message.Length)`n$message")
        if ($i -gt 1) { [void]$stream.Append("from :$($i - 1)`n") }
        [void]$stream.Append("M 100644 inline $file`ndata $($content.Length)`n$content`n")
    }
    $stream.ToString() | git -C $bare fast-import --quiet
    if ($LASTEXITCODE -ne 0) { throw 'git fast-import failed' }
    git -C $bare gc --quiet

    $url = $server.UrlFor('big')
    $authUrl = $server.AuthenticatedUrlFor('big')
    $ours = Join-Path $work.Path 'ours'; $peer = Join-Path $work.Path 'peer'; $publisher = Join-Path $work.Path 'publisher'
    git clone -q $authUrl $ours; git -C $ours remote set-url origin $url
    git clone -q $authUrl $peer
    git clone -q $authUrl $publisher; New-Item -ItemType Directory -Force (Join-Path $publisher apps) | Out-Null
    $secure = ConvertTo-SecureString $server.Password -AsPlainText -Force
    $credential = [pscredential]::new($server.User, $secure)
    $since = [DateTimeOffset]::FromUnixTimeSeconds($start).LocalDateTime

    # 1. History query over the whole history.
    $expected = @(git -C $ours log --format=%H -- $path)
    $found = @(Get-FluxBadCommit -Path $ours -Include $path -Since $since)
    if ($found.Count -ne $expected.Count -or $found[0].Sha -ne $expected[0]) { throw "Get-FluxBadCommit found $($found.Count) commits, git log $($expected.Count)" }
    $query = Measure-ProcessPair -Runs 9 `
        -Ours { Get-FluxBadCommit -Path $ours -Include $path -Since $since } `
        -Peer { git -C $ours log --format=%H -- $path }
    # The incident case: the last 24 hours of a history whose commits are one minute apart (1,440 commits).
    $lastDay = [DateTimeOffset]::FromUnixTimeSeconds($start + $commitCount * 60 - 86400).LocalDateTime
    $window = Measure-ProcessPair -Runs 9 `
        -Ours { Get-FluxBadCommit -Path $ours -Include $path -Since $lastDay } `
        -Peer { git -C $ours log --format=%H -- $path }

    # 2. Revert + push round trip. Each side reverts its own fresh bad commit, pushed by a third clone beforehand.
    function Push-BadCommit([int] $n) {
        Set-Content -Path (Join-Path $publisher "apps/bad-$n.yaml") -Value "bad: $n" -NoNewline
        git -C $publisher add -A; git -C $publisher commit -q -m "bad $n"; git -C $publisher pull -q --rebase origin main; git -C $publisher push -q origin HEAD:main
        git -C $publisher rev-parse HEAD
    }
    $oursMs = [System.Collections.Generic.List[double]]::new(); $peerMs = [System.Collections.Generic.List[double]]::new()
    $ratios = [System.Collections.Generic.List[double]]::new()
    $runs = 7
    for ($i = 0; $i -le $runs; $i++) {
        $bad = Push-BadCommit (2 * $i)
        $o = (Measure-Command {
            $r = Invoke-FluxRevert $bad -Path $ours -Credential $credential -Confirm:$false
            if (-not $r.Pushed) { throw "revert of $bad was not pushed" }
        }).TotalMilliseconds
        $bad = Push-BadCommit (2 * $i + 1)
        git -C $peer pull -q --ff-only origin main
        $p = (Measure-Command {
            git -C $peer revert --no-edit $bad | Out-Null
            if ($LASTEXITCODE -ne 0) { throw 'git revert failed' }
            git -C $peer push -q origin HEAD:main
            if ($LASTEXITCODE -ne 0) { throw 'git push failed' }
        }).TotalMilliseconds
        if ($i -eq 0) { continue } # warm-up pair
        $oursMs.Add($o); $peerMs.Add($p); $ratios.Add($o / [Math]::Max($p, 0.001))
    }
    $revert = [pscustomobject]@{ OursMs = Get-Median $oursMs; PeerMs = Get-Median $peerMs; MedianRatio = Get-Median $ratios; Runs = $runs }

    @"
## Panic button: Get-FluxBadCommit and Invoke-FluxRevert (issue 6)

Repository: $commitCount commits (git fast-import), $($expected.Count) of them touch ``$path``, served by nginx + git-http-backend on loopback.

| measure | FluxOps (median) | peer (median) | ratio, median of $($query.Runs) pairs | goal |
| --- | --- | --- | --- | --- |
| ``Get-FluxBadCommit -Include $path -Since <first commit>`` (in-process) vs ``git log --format=%H -- $path`` (process) | $([Math]::Round($query.OursMs)) ms | $([Math]::Round($query.PeerMs)) ms | $([Math]::Round($query.MedianRatio, 2)) | <= 2 |
| ``Get-FluxBadCommit -Include $path -Since <24 h before the tip>`` vs ``git log --format=%H -- $path`` (whole history) | $([Math]::Round($window.OursMs)) ms | $([Math]::Round($window.PeerMs)) ms | $([Math]::Round($window.MedianRatio, 2)) | <= 2 |
| ``Invoke-FluxRevert`` (fetch, revert, fast-forward push, local fast-forward) vs ``git revert --no-edit <sha> && git push`` | $([Math]::Round($revert.OursMs)) ms | $([Math]::Round($revert.PeerMs)) ms | $([Math]::Round($revert.MedianRatio, 2)) | <= 2 |

The peer's revert does not fetch first (its clone was brought up to date outside the timing); FluxOps' figure includes its fetch.
"@
}
finally {
    $work.Dispose()
    $server.Dispose()
}
