#Requires -Version 7.4
<#
.SYNOPSIS
    Test-ImageTag against its peers on one loopback docker-registry: 1,000 references (half present, half missing)
    checked by Test-ImageTag in one pwsh, by a shell loop of `skopeo inspect --raw` (the CI loop it replaces) and by
    raw parallel `curl -I` (xargs -P 16). Also counts the manifest requests for 1,000 references naming 20 images,
    and times 1,000 distinct references behind a proxy that adds 50 ms to every request.
.NOTES
    Run by ./build.ps1 -Task Bench with FLUXOPS_MODULE_PATH set; prints a markdown section.
#>
param([int] $Count = 1000, [int] $SkopeoCount = 1000)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$root = Split-Path -Parent $PSScriptRoot
$module = if ($env:FLUXOPS_MODULE_PATH) { $env:FLUXOPS_MODULE_PATH } else { Get-ChildItem (Join-Path $root 'out/FluxOps') -Recurse -Filter FluxOps.psd1 | Select-Object -First 1 -ExpandProperty FullName }
$testing = if ($env:FLUXOPS_TESTING_DLL) { $env:FLUXOPS_TESTING_DLL } else { Join-Path $root 'tests/FluxOps.Testing/bin/Release/net8.0/FluxOps.Testing.dll' }
Add-Type -Path $testing
$pwsh = [Environment]::ProcessPath
[string[]] $pwshPrefix = if ((Split-Path -Leaf $pwsh) -match '^pwsh(\.exe)?$') { @() } else { @(Join-Path $PSHOME 'pwsh.dll') }
$accept = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json'
$work = Join-Path ([IO.Path]::GetTempPath()) "fluxops-bench-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
New-Item -ItemType Directory $work | Out-Null

function Measure-Seconds([scriptblock] $Block) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Block | Out-Null
    $watch.Elapsed.TotalSeconds
}

# Runs Test-ImageTag over a file of references in a fresh pwsh; returns wall seconds of the whole process,
# the seconds inside the cmdlet, and the status counts.
function Invoke-OursInFreshPwsh([string] $RefFile) {
    $script = Join-Path $work 'ours.ps1'
    Set-Content $script @"
`$env:DOCKER_CONFIG = '$work'
Import-Module '$module'
`$refs = Get-Content '$RefFile'
`$w = [Diagnostics.Stopwatch]::StartNew()
`$results = `$refs | Test-ImageTag
`$inside = `$w.Elapsed.TotalSeconds
`$groups = (`$results | Group-Object Status | Sort-Object Name | ForEach-Object { "`$(`$_.Name)=`$(`$_.Count)" }) -join ' '
"`$inside|`$groups"
"@
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $out = & $pwsh @pwshPrefix -NoProfile -NonInteractive -File $script
    $wall = $watch.Elapsed.TotalSeconds
    $inside, $groups = ($out | Select-Object -Last 1) -split '\|'
    [pscustomobject]@{ Wall = $wall; Inside = [double]$inside; Statuses = $groups }
}

$registry = [FluxOps.Testing.RegistryServer]::new($null)
$proxies = @()
try {
    $pusher = [FluxOps.Testing.ImagePusher]::new($registry)
    $null = $pusher.PushImageAsync('bench/app', 'v1', 'amd64', 'linux').GetAwaiter().GetResult()
    $present = [int]($Count / 2)
    $null = $pusher.TagAsync('bench/app', 'v1', [string[]](0..($present - 1) | ForEach-Object { "t$_" }), 16).GetAwaiter().GetResult()
    $pusher.Dispose()
    $hostPort = $registry.Host
    $refs = @(0..($Count - 1) | ForEach-Object { if ($_ % 2 -eq 0) { "$hostPort/bench/app:t$($_ / 2)" } else { "$hostPort/bench/app:missing$_" } })
    $refFile = Join-Path $work 'refs.txt'
    Set-Content $refFile $refs

    # Warm the registry's own caches once so no contender pays for the first touch; then the median of 3 runs.
    $null = Invoke-OursInFreshPwsh $refFile
    $oursRuns = @(1..3 | ForEach-Object { Invoke-OursInFreshPwsh $refFile })
    $ours = [pscustomobject]@{
        Wall = ($oursRuns.Wall | Sort-Object)[1]; Inside = ($oursRuns.Inside | Sort-Object)[1]; Statuses = $oursRuns[0].Statuses
        WallRange = '{0:N2}-{1:N2}' -f ($oursRuns.Wall | Measure-Object -Minimum -Maximum).Minimum, ($oursRuns.Wall | Measure-Object -Minimum -Maximum).Maximum
    }

    $skopeoRefs = $refs | Select-Object -First $SkopeoCount
    $skopeoFile = Join-Path $work 'skopeo-refs.txt'
    Set-Content $skopeoFile $skopeoRefs
    $skopeoFound = 0
    $skopeo = Measure-Seconds {
        # The seed's CI loop: one skopeo process per reference.
        $script:skopeoFound = [int](sh -c "n=0; while read r; do skopeo inspect --raw --tls-verify=false docker://`$r >/dev/null 2>&1 && n=`$((n+1)); done < '$skopeoFile'; echo `$n")
    }
    $skopeoScaled = $skopeo * $Count / $SkopeoCount

    $urlFile = Join-Path $work 'urls.txt'
    Set-Content $urlFile ($refs | ForEach-Object { $name, $tag = $_.Substring($hostPort.Length + 1) -split ':'; "http://$hostPort/v2/$name/manifests/$tag" })
    $curlCodes = $null
    $curlRuns = @(1..3 | ForEach-Object {
        Measure-Seconds { $script:curlCodes = sh -c "xargs -P 16 -n 1 curl -s -o /dev/null -I -w '%{http_code}\n' -H 'Accept: $accept' < '$urlFile'" }
    })
    $curl = ($curlRuns | Sort-Object)[1]
    $curlFound = @($curlCodes | Where-Object { $_ -eq '200' }).Count

    # Deduplication: 1,000 references naming 20 distinct images, counted at a proxy in front of the registry.
    $counting = [FluxOps.Testing.RegistryProxy]::new($registry.BaseUri, [TimeSpan]::Zero); $proxies += $counting
    $dupFile = Join-Path $work 'dup.txt'
    Set-Content $dupFile (0..($Count - 1) | ForEach-Object { "$($counting.Host)/bench/app:t$($_ % 20)" })
    $dup = Invoke-OursInFreshPwsh $dupFile
    $manifestRequests = $counting.ManifestRequests

    # Latency: every request through a proxy that waits 50 ms first.
    $slow = [FluxOps.Testing.RegistryProxy]::new($registry.BaseUri, [TimeSpan]::FromMilliseconds(50)); $proxies += $slow
    $slowFile = Join-Path $work 'slow.txt'
    Set-Content $slowFile ($refs | ForEach-Object { $_.Replace($hostPort, $slow.Host) })
    $latencyRuns = @(1..3 | ForEach-Object { Invoke-OursInFreshPwsh $slowFile })
    $latency = [pscustomobject]@{ Inside = ($latencyRuns.Inside | Sort-Object)[1]; Wall = ($latencyRuns.Wall | Sort-Object)[1]; Statuses = $latencyRuns[0].Statuses }

    $cores = [Environment]::ProcessorCount
    @"
## Test-ImageTag: $Count references on a loopback docker-registry ($cores cores, $(Get-Date -AsUTC -Format 'yyyy-MM-dd HH:mm') UTC)

| Contender | Wall seconds | Found | Ratio (peer / ours) |
|---|---:|---:|---:|
| Test-ImageTag, whole fresh pwsh (start-up + import + check), median of 3 ($($ours.WallRange)) | $('{0:N2}' -f $ours.Wall) | $($ours.Statuses) | 1.00 |
| Test-ImageTag, time inside the cmdlet (same runs) | $('{0:N2}' -f $ours.Inside) | | $('{0:N1}' -f ($skopeoScaled / $ours.Inside))x faster than skopeo |
| skopeo inspect --raw loop ($SkopeoCount refs$(if ($SkopeoCount -ne $Count) { ", scaled to $Count" })) | $('{0:N2}' -f $skopeoScaled) | $skopeoFound of $SkopeoCount | $('{0:N1}' -f ($skopeoScaled / $ours.Wall))x slower |
| curl -I, xargs -P 16, median of 3 | $('{0:N2}' -f $curl) | $curlFound | ours is $('{0:N2}' -f ($ours.Wall / $curl))x of curl (whole pwsh), $('{0:N2}' -f ($ours.Inside / $curl))x (cmdlet) |

- Goal: at least 15x faster than the skopeo loop: **$(if ($skopeoScaled / $ours.Wall -ge 15) { 'met' } else { 'NOT met' })** with pwsh start-up counted ($('{0:N1}' -f ($skopeoScaled / $ours.Wall))x), **$(if ($skopeoScaled / $ours.Inside -ge 15) { 'met' } else { 'NOT met' })** inside one pwsh ($('{0:N1}' -f ($skopeoScaled / $ours.Inside))x).
- Goal: within 2x of parallel curl: **$(if ($ours.Wall / $curl -le 2) { 'met' } else { 'NOT met' })** with pwsh start-up counted ($('{0:N2}' -f ($ours.Wall / $curl))x), **$(if ($ours.Inside / $curl -le 2) { 'met' } else { 'NOT met' })** for the cmdlet itself ($('{0:N2}' -f ($ours.Inside / $curl))x).
- Deduplication: $Count references naming 20 images made **$manifestRequests** manifest requests (goal 20; statuses $($dup.Statuses)).
- 50 ms injected latency per request, $Count distinct references: **$('{0:N2}' -f $latency.Inside) s** inside the cmdlet (median of 3), $('{0:N2}' -f $latency.Wall) s whole pwsh (goal < 3 s; statuses $($latency.Statuses)).
"@
}
finally {
    foreach ($p in $proxies) { $p.Dispose() }
    $registry.Dispose()
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $work
}
