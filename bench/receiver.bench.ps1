#Requires -Version 7.4
<#
.SYNOPSIS
    Start-FluxRollbackReceiver on loopback: (1) throughput of verified, deduplicated (non-acting) events, driven by
    ApacheBench with keep-alive while -SlowConnections slow clients stay open (issue 13's attack), against nginx
    answering 202 from a static location (the raw loopback HTTP ceiling), with ab's failed requests split by kind;
    (2) a storm: one new bad commit sent by ab at once to -StormReceivers receivers on the same repository, which must
    end in exactly one revert; (3) latency from a signed failure event to the revert being on the git smart-HTTP remote,
    against the same work done by hand with the git CLI (pull, revert, push) in an existing clone.
.NOTES
    Run by ./build.ps1 -Task Bench with FLUXOPS_MODULE_PATH set; prints a markdown section. Bounded: -Requests POSTs
    per ab run and -LatencyRuns reverts; everything it starts is stopped in finally.
#>
param([int] $Requests = 20000, [int] $Concurrency = 32, [int] $LatencyRuns = 7, [int] $SlowConnections = 20, [int] $StormReceivers = 3)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$root = Split-Path -Parent $PSScriptRoot
$module = if ($env:FLUXOPS_MODULE_PATH) { $env:FLUXOPS_MODULE_PATH } else { Get-ChildItem (Join-Path $root 'out/FluxOps') -Recurse -Filter FluxOps.psd1 | Select-Object -First 1 -ExpandProperty FullName }
$module = (Resolve-Path $module).Path
$testing = if ($env:FLUXOPS_TESTING_DLL) { $env:FLUXOPS_TESTING_DLL } else { Join-Path $root 'tests/FluxOps.Testing/bin/Release/net8.0/FluxOps.Testing.dll' }
Add-Type -Path $testing
$key = 'bench-hmac-key'
$work = Join-Path ([IO.Path]::GetTempPath()) "fluxops-bench-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
New-Item -ItemType Directory $work | Out-Null

function New-EventBody([string] $Sha, [string] $Name) {
    $ts = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ')
    '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"' + $Name + '","uid":"uid-' + $Name + '","apiVersion":"kustomize.toolkit.fluxcd.io/v1","resourceVersion":"1"},' +
    '"severity":"error","timestamp":"' + $ts + '","message":"health check failed after 5m0s: timeout waiting for: [Deployment/apps/web status: ''InProgress'']",' +
    '"reason":"HealthCheckFailed","metadata":{"revision":"main@sha1:' + $Sha + '"},"reportingController":"kustomize-controller"}'
}

function Get-Signature([string] $Body) {
    $mac = [System.Security.Cryptography.HMACSHA256]::HashData([Text.Encoding]::UTF8.GetBytes($key), [Text.Encoding]::UTF8.GetBytes($Body))
    'sha256=' + [Convert]::ToHexString($mac).ToLowerInvariant()
}

function Get-AbArguments([string] $Url, [string] $Body) {
    $file = Join-Path $work "body-$([guid]::NewGuid().ToString('N')).json"
    [IO.File]::WriteAllText($file, $Body)
    @('-k', '-q', '-n', $Requests, '-c', $Concurrency, '-p', $file, '-T', 'application/json', '-H', "X-Signature: $(Get-Signature $Body)", $Url)
}

function Read-Ab([string[]] $Out) {
    $script:lastAb = $Out
    $rps = [double](($Out | Select-String 'Requests per second:\s+([\d.]+)').Matches[0].Groups[1].Value)
    $failed = [int](($Out | Select-String 'Failed requests:\s+(\d+)').Matches[0].Groups[1].Value)
    # ab splits failures into Connect, Receive, Length (body length differs from the FIRST answer's) and Exceptions.
    $kinds = ($Out | Select-String '\(Connect: (\d+), Receive: (\d+), Length: (\d+), Exceptions: (\d+)\)')
    $kinds = if ($kinds) { $g = $kinds.Matches[0].Groups; "Connect $($g[1]), Receive $($g[2]), Length $($g[3]), Exceptions $($g[4])" } else { '-' }
    $non2xx = ($Out | Select-String 'Non-2xx responses:\s+(\d+)')
    [pscustomobject]@{ Rps = $rps; Failed = $failed; Kinds = $kinds; Non2xx = if ($non2xx) { [int]$non2xx.Matches[0].Groups[1].Value } else { 0 } }
}

function Invoke-Ab([string] $Url, [string] $Body) { Read-Ab (& ab @(Get-AbArguments $Url $Body) 2>&1) }

function Get-Metric([int] $Port, [string] $Pattern) {
    $text = (Invoke-WebRequest "http://127.0.0.1:$Port/metrics").Content
    ($text -split "`n" | Where-Object { $_ -match "^$Pattern" } | ForEach-Object { [long]($_ -split ' ')[-1] } | Measure-Object -Sum).Sum
}

function Start-Receiver([int] $Port) {
    $env:T_PORT = "$Port"
    $process = [FluxOps.Testing.PwshProcess]::Start(
        "Import-Module `$env:FLUXOPS_BENCH_MODULE; `$c = [pscredential]::new(`$env:T_USER, (ConvertTo-SecureString `$env:T_PASS -AsPlainText -Force)); " +
        "Start-FluxRollbackReceiver -Port `$env:T_PORT -Secret (ConvertTo-SecureString `$env:T_KEY -AsPlainText -Force) -RepositoryUrl `$env:T_URL -Credential `$c -Cooldown 0 -MaxRevertsPerWindow 1000 -Confirm:`$false | Out-Null", $null)
    [FluxOps.Testing.Wait]::ForPort($Port, $process, 'receiver', [TimeSpan]::FromSeconds(60))
    $process
}

$scenario = [FluxOps.Testing.FluxRepoScenario]::new('fleet')
$receiver = $null; $others = [System.Collections.Generic.List[object]]::new(); $nginx = $null; $slow = $null
try {
    $null = [FluxOps.Testing.FluxFleet]::Seed($scenario)
    $port = [FluxOps.Testing.FreePort]::Next()
    $env:T_USER = $scenario.Server.User; $env:T_PASS = $scenario.Server.Password; $env:T_KEY = $key; $env:T_URL = $scenario.Url
    $env:FLUXOPS_BENCH_MODULE = $module; $env:XDG_CACHE_HOME = Join-Path $work 'cache'
    $receiver = Start-Receiver $port

    function Push-Change([string] $Message, [string] $Path, [string] $Content) {
        $files = [System.Collections.Generic.Dictionary[string, string]]::new(); $files[$Path] = $Content
        $scenario.Push($Message, $files)
    }

    # (1) Throughput: the first copy is decided (one revert), every other copy is verified and collapses as a duplicate.
    $bad = Push-Change 'Bump web to 2.0.0' 'apps/web.yaml' ([FluxOps.Testing.FluxFleet]::Web('2.0.0'))
    $body = New-EventBody $bad 'apps'
    $warmUp = Invoke-Ab "http://127.0.0.1:$port/hooks/flux" $body   # warm-up run: JIT, connections, the one real decision
    # The measured run with slow clients open all along (reopened when the receiver closes them at its deadlines).
    $slow = [FluxOps.Testing.SlowConnections]::Open($port, $SlowConnections)
    Start-Sleep -Seconds 1
    $ours = Invoke-Ab "http://127.0.0.1:$port/hooks/flux" $body
    $health = (Invoke-WebRequest "http://127.0.0.1:$port/healthz" -TimeoutSec 5).StatusCode
    $slowOpened = $slow.Opened
    $slow.Dispose(); $slow = $null
    if ($env:FLUXOPS_BENCH_DEBUG) { $script:lastAb | Out-Host }
    $slowRejected = Get-Metric $port 'fluxops_receiver_rejected_total\{reason="(header|body)_timeout"\}'
    $reverts = Get-Metric $port 'fluxops_rollback_reverts_total'
    $remoteReverts = @($scenario.Git('log', '--format=%H', '--grep=Reverted-by: FluxOps', 'main') -split "`n" | Where-Object { $_ }).Count

    # (2) Storm: a new bad commit, sent by one ab run per receiver at once to -StormReceivers receivers on the same
    # repository (the first one plus new ones, each with its own cache folder).
    $stormPorts = @($port)
    for ($i = 2; $i -le $StormReceivers; $i++) {
        $env:XDG_CACHE_HOME = Join-Path $work "cache-$i"
        $extraPort = [FluxOps.Testing.FreePort]::Next()
        $others.Add((Start-Receiver $extraPort)); $stormPorts += $extraPort
    }
    $scenario.SyncPublisher()
    $stormBad = Push-Change 'Bump web to 3.0.0' 'apps/web.yaml' ([FluxOps.Testing.FluxFleet]::Web('3.0.0'))
    $stormBody = New-EventBody $stormBad 'apps'
    $jobs = @(foreach ($p in $stormPorts | Select-Object -Skip 1) {
            $abArguments = Get-AbArguments "http://127.0.0.1:$p/hooks/flux" $stormBody
            Start-ThreadJob { & ab @using:abArguments 2>&1 | ForEach-Object { "$_" } }
        })
    $storm = [System.Collections.Generic.List[object]]::new()
    $storm.Add((Invoke-Ab "http://127.0.0.1:$port/hooks/flux" $stormBody))
    foreach ($job in $jobs) {
        if (-not (Wait-Job $job -Timeout 300)) { throw 'an ab run of the storm did not end within 5 minutes' }
        $storm.Add((Read-Ab (Receive-Job $job))); Remove-Job $job
    }
    $stormReverts = @($scenario.Git('log', '--format=%H', "--grep=Fluxops-Reverts: $stormBad", 'main') -split "`n" | Where-Object { $_ }).Count
    foreach ($other in $others) { $other.Dispose() }
    $others.Clear()

    # Peer: nginx answering 202 from a static location on loopback (no verification, no parsing): the HTTP ceiling.
    $nginxPort = [FluxOps.Testing.FreePort]::Next()
    New-Item -ItemType Directory (Join-Path $work 'nginx/logs') -Force | Out-Null
    Set-Content (Join-Path $work 'nginx/nginx.conf') @"
worker_processes 1;
error_log $work/nginx/logs/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy; fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:$nginxPort; location / { return 202 "accepted\n"; } }
}
"@
    $nginx = [FluxOps.Testing.BackgroundProcess]::new('nginx', [string[]]@('-p', "$work/nginx", '-c', "$work/nginx/nginx.conf", '-g', 'daemon off;'), $null, $null)
    [FluxOps.Testing.Wait]::ForPort($nginxPort, $nginx, 'nginx', [TimeSpan]::FromSeconds(20))
    $null = Invoke-Ab "http://127.0.0.1:$nginxPort/hooks/flux" $body
    $peer = Invoke-Ab "http://127.0.0.1:$nginxPort/hooks/flux" $body

    # (3) Latency: a new bad commit per run; from the POST to the revert being the remote's main.
    # Ours and the peer take turns (ours, by hand, ours, by hand ...), so a machine that drifts affects both alike.
    $clone = $scenario.NewClone($true)
    $auth = $scenario.Server.AuthenticatedUrlFor('fleet')
    $http = [System.Net.Http.HttpClient]::new(); $http.Timeout = [TimeSpan]::FromSeconds(60)
    $oursLatency = [System.Collections.Generic.List[double]]::new()
    $peerLatency = [System.Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $LatencyRuns; $i++) {
        $scenario.SyncPublisher()
        $sha = Push-Change "Break redis $i" 'infra/redis.yaml' "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: redis}`ndata: {maxmemory: $(200 + $i)mb}`n"
        $event = New-EventBody $sha 'infra'
        $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::Post, "http://127.0.0.1:$port/hooks/flux")
        $request.Content = [System.Net.Http.StringContent]::new($event, [Text.Encoding]::UTF8, 'application/json')
        $null = $request.Headers.TryAddWithoutValidation('X-Signature', (Get-Signature $event))
        # The 202 is sent only after the push, so the POST's own time is the whole event -> revert-on-the-remote latency.
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $response = $http.SendAsync($request).GetAwaiter().GetResult()
        $watch.Stop()
        if ([int]$response.StatusCode -ne 202) { throw "receiver answered $([int]$response.StatusCode): $($response.Content.ReadAsStringAsync().GetAwaiter().GetResult())" }
        if ($scenario.RemoteMessage('main') -notmatch "Fluxops-Reverts: $sha") { throw "202 for $sha, but the remote's main is not its revert: $($receiver.Output)" }
        $oursLatency.Add($watch.Elapsed.TotalMilliseconds)

        # Peer: the same revert by hand in an up-to-date clone: git pull, git revert, git push.
        $scenario.SyncPublisher()
        $sha = Push-Change "Break redis by hand $i" 'infra/redis.yaml' "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: redis}`ndata: {maxmemory: $(500 + $i)mb}`n"
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $clone.Git('pull', '-q', '--ff-only', $auth, 'main') | Out-Null
        $clone.Git('revert', '--no-edit', $sha) | Out-Null
        $clone.Git('push', '-q', $auth, 'HEAD:main') | Out-Null
        $peerLatency.Add($watch.Elapsed.TotalMilliseconds)
    }

    Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1')
    $oursMedian = Get-Median $oursLatency; $peerMedian = Get-Median $peerLatency
    @"
## Start-FluxRollbackReceiver (bench/receiver.bench.ps1)

Loopback, ApacheBench ``-k -n $Requests -c $Concurrency``, one signed Flux event body re-sent (every copy verified with HMAC-SHA256, parsed, deduplicated; the first copy of the warm-up run made the one revert).

| Contender | Requests/s | Failed | Non-2xx |
|---|---:|---:|---:|
| Start-FluxRollbackReceiver (verify + parse + dedupe, 202), $SlowConnections slow connections open | $([Math]::Round($ours.Rps)) | $($ours.Failed) ($($ours.Kinds)) | $($ours.Non2xx) |
| nginx ``return 202`` (no verification, HTTP ceiling) | $([Math]::Round($peer.Rps)) | $($peer.Failed) ($($peer.Kinds)) | $($peer.Non2xx) |

Ratio ours/nginx: $([Math]::Round($ours.Rps / [Math]::Max($peer.Rps, 1), 2)). Goal >= 2,000 events/s: $(if ($ours.Rps -ge 2000) { 'met' } else { 'NOT met' }).
Slow connections opened during the run: $slowOpened (the receiver closed $slowRejected at its head/body deadlines); /healthz after the run: $health.
Reverts after $(2 * $Requests) copies of the event: receiver counter $reverts, revert commits on the remote $remoteReverts.
Warm-up run (its first copy makes the revert, so its answer text differs from the others'): failed $($warmUp.Failed) ($($warmUp.Kinds)), non-2xx $($warmUp.Non2xx).
ApacheBench counts a "Length" failure for every answer whose body length differs from the first answer's; it is not an error of the transfer.
The ~1.8 % failed requests of the earlier HttpListener receiver were its close of every kept-alive connection after 100 requests ("Connection: close" next to "Keep-Alive: true"): ab sent the next request into the closed connection, one Length and one Exceptions failure each time; the request was never read, so nothing was acknowledged and lost, and this receiver keeps connections open.

Storm: one new bad commit, $Requests copies to each of $StormReceivers receivers on the same repository at once: $(($storm | ForEach-Object { [Math]::Round($_.Rps) }) -join ', ') requests/s, non-2xx $(($storm | ForEach-Object Non2xx) -join ', '), revert commits of it on the remote: $stormReverts (goal: exactly 1).

Latency from POST to the revert being the remote's main (git smart-HTTP over nginx + git-http-backend), $LatencyRuns runs, median (min-max):

| Contender | Median ms | Min ms | Max ms |
|---|---:|---:|---:|
| receiver: verify, decide from trailers, fetch, revert, fast-forward push | $([Math]::Round($oursMedian)) | $([Math]::Round(($oursLatency | Measure-Object -Minimum).Minimum)) | $([Math]::Round(($oursLatency | Measure-Object -Maximum).Maximum)) |
| by hand in a clone: git pull, git revert, git push | $([Math]::Round($peerMedian)) | $([Math]::Round(($peerLatency | Measure-Object -Minimum).Minimum)) | $([Math]::Round(($peerLatency | Measure-Object -Maximum).Maximum)) |

Ratio ours/by hand: $([Math]::Round($oursMedian / [Math]::Max($peerMedian, 1), 2)). Goal <= 1.2: $(if ($oursMedian -le 1.2 * $peerMedian) { 'met' } else { 'NOT met' }). The receiver answers 202 only after the push, so the POST's own time is the whole latency (the remote is checked after each one).
"@
}
finally {
    if ($slow) { $slow.Dispose() }
    if ($receiver) { $receiver.Dispose() }
    foreach ($other in $others) { $other.Dispose() }
    if ($nginx) { $nginx.Dispose() }
    $scenario.Dispose()
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
