# Panic button on a 10,000-commit repository served by the real git smart-HTTP server:
#  1. Get-FluxBadCommit -Include <path> (whole history, -Since 24 h, -First 1) in this pwsh vs the same question to
#     `git log --format=%H` as a process; each pair is checked to list the same commits in the same order first.
#  2. Invoke-FluxRevert (fetch + revert + fast-forward push) vs `git revert --no-edit <sha> && git push` to the same server
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
if (-not $env:FLUXOPS_MODULE_PATH) { throw 'FLUXOPS_MODULE_PATH is not set: run ./build.ps1 -Task Bench.' }
if (-not $env:FLUXOPS_TESTING_DLL) { throw 'FLUXOPS_TESTING_DLL is not set: run ./build.ps1 -Task Bench.' }
Import-Module $env:FLUXOPS_MODULE_PATH -Force
Add-Type -Path $env:FLUXOPS_TESTING_DLL

function Get-LoadAverage { if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg) -split ' ')[0] } else { 'n/a' } }

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
    $loadBefore = Get-LoadAverage

    # 1. History queries. Ours: the cmdlet in this pwsh (module imported once, as in an ops shell), building a BadCommit
    # per match (author, subject, parents, files changed against the first parent) and writing it to the pipeline.
    # Peer: git log as a process, printing shas. Both answer the same question; the answers are compared before timing.
    $tipSeconds = $start + $commitCount * 60
    $lastDay = [DateTimeOffset]::FromUnixTimeSeconds($tipSeconds - 86400)
    $transport = $env:FLUXOPS_GIT_TRANSPORT
    $queries = @(
        [pscustomobject]@{
            Name = "``Get-FluxBadCommit -Include $path`` (all $commitCount commits) vs ``git log --format=%H -- $path``"
            Ours = { Get-FluxBadCommit -Path $ours -Include $path }
            Peer = { git -C $ours log --format=%H -- $path }
            Goal = '<= 2'
        }
        [pscustomobject]@{
            Name = "same, ``FLUXOPS_GIT_TRANSPORT=libgit2`` (the native walk every query takes where no git is installed) vs ``git log --format=%H -- $path``"
            Ours = { $env:FLUXOPS_GIT_TRANSPORT = 'libgit2'; try { Get-FluxBadCommit -Path $ours -Include $path } finally { $env:FLUXOPS_GIT_TRANSPORT = $transport } }
            Peer = { git -C $ours log --format=%H -- $path }
            Goal = 'reported (no git there to compare with)'
        }
        [pscustomobject]@{
            Name = "``Get-FluxBadCommit -Include $path -Since <24 h before the tip>`` vs ``git log --format=%H --since=@<same instant> -- $path``"
            Ours = { Get-FluxBadCommit -Path $ours -Include $path -Since $lastDay.LocalDateTime }
            Peer = { git -C $ours log --format=%H "--since=@$($lastDay.ToUnixTimeSeconds())" -- $path }
            Goal = '<= 2'
        }
        [pscustomobject]@{
            Name = "``Get-FluxBadCommit -Include $path -First 1`` vs ``git log -1 --format=%H -- $path``"
            Ours = { Get-FluxBadCommit -Path $ours -Include $path -First 1 }
            Peer = { git -C $ours log -1 --format=%H -- $path }
            Goal = '<= 2'
        }
    )
    $rows = foreach ($query in $queries) {
        [string[]] $expected = @(& $query.Peer)
        [string[]] $found = @(& $query.Ours | ForEach-Object Sha)
        if ($found.Count -eq 0 -or ($found -join ',') -cne ($expected -join ',')) {
            throw "$($query.Name): Get-FluxBadCommit listed $($found.Count) commits, git log $($expected.Count) (or another order)"
        }
        $pair = Measure-ProcessPair -Runs 15 -Ours $query.Ours -Peer $query.Peer
        "| $($query.Name) | $($found.Count) | $([Math]::Round($pair.OursMs, 1)) ms | $([Math]::Round($pair.PeerMs, 1)) ms | $([Math]::Round($pair.MedianRatio, 2)) | $($query.Goal) |"
    }
    $touching = @(git -C $ours log --format=%H -- $path).Count
    $loadAfter = Get-LoadAverage

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
            $r = Invoke-FluxRevert $bad -Path $ours -Credential $credential -Confirm:$false -InformationAction Ignore
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
## Panic button: Get-FluxBadCommit and Invoke-FluxRevert

Repository: $commitCount linear commits one minute apart (git fast-import), $touching of them touch ``$path``, cloned from
nginx + git-http-backend on loopback (the clone has no commit-graph). Machine load average $loadBefore before the history
queries, $loadAfter after (2 cores shared; wall figures suffer when it is high).

History queries: FluxOps runs in this pwsh with the module already imported (an ops shell; starting pwsh and importing
the module is in the module import section) and builds a ``BadCommit`` per match (author, subject, parents, files changed
against the first parent) written to the pipeline; git log runs as a process and prints shas. Both sides were checked to
list the same commits in the same order before timing; the ratio is FluxOps / git, median of 15 alternating pairs.
FluxOps walks with the system git (``git rev-list``) when it is on PATH and the query may cover the whole history
(no ``-First``, no author or automation filter); otherwise with its own lazy walk through libgit2, which stops at the
N-th match of ``-First N``.

| query | commits listed | FluxOps (median) | git log (median) | ratio | goal |
| --- | --- | --- | --- | --- | --- |
$($rows -join "`n")

| revert | FluxOps (median) | peer (median) | ratio, median of $($revert.Runs) pairs | goal |
| --- | --- | --- | --- | --- |
| ``Invoke-FluxRevert`` (fetch, revert, fast-forward push, local fast-forward) vs ``git revert --no-edit <sha> && git push`` | $([Math]::Round($revert.OursMs)) ms | $([Math]::Round($revert.PeerMs)) ms | $([Math]::Round($revert.MedianRatio, 2)) | <= 2 |

The peer's revert does not fetch first (its clone was brought up to date outside the timing); FluxOps' figure includes its fetch.
"@
}
finally {
    $work.Dispose()
    $server.Dispose()
}
