# Get-ChangedImages on a generated 5,000-file GitOps repository with Kustomize overlays (a base folder with its own
# kustomization under each overlay):
#  - a 10-file change (5 manifests, 5 overlay newTag bumps) against `git diff --name-only` on the same repository (goal:
#    within 3x). Each measured run compares a new commit with its parent (a chain of such changes, as a developer or a
#    pipeline meets them one after another), so every run has a Head tree no earlier run has seen; the same sequence on a
#    500-file repository shows whether the cost grows with the kustomization roots the change touches or with the
#    repository. The same query repeated, and the first query of a fresh process (nothing cached), are reported too;
#  - -All over the whole tree: YAML documents per second (goal: >= 20,000/s on 2 cores) and peak memory.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$manifest = $env:FLUXOPS_MODULE_PATH
if (-not $manifest) { throw 'FLUXOPS_MODULE_PATH is not set: run ./build.ps1 -Task Bench.' }
Import-Module $manifest -Force

function Get-MedianValue([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) { return $sorted[[int][Math]::Floor($n / 2)] }
    ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

function Invoke-Git([string] $Repo, [string[]] $Arguments) {
    $output = & git -C $Repo @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "git $Arguments failed: $output" }
    $output
}

function New-GitOpsRepository([string] $Path, [int] $FileCount, [int] $ChainLength) {
    <# Mixed kinds, as a real fleet repository: Deployments with Services, HelmReleases, values files, overlays, CronJobs, ConfigMaps. #>
    New-Item -ItemType Directory -Force $Path | Out-Null
    $env:GIT_CONFIG_NOSYSTEM = '1'
    $null = Invoke-Git $Path @('init', '-q', '--initial-branch=main')
    $null = Invoke-Git $Path @('config', 'user.email', 'bench@example.test')
    $null = Invoke-Git $Path @('config', 'user.name', 'bench')
    $documents = 0
    for ($i = 0; $i -lt $FileCount; $i++) {
        $app = "app$i"
        $dir = Join-Path $Path ("apps/team{0}/{1}" -f ($i % 50), $app)
        [IO.Directory]::CreateDirectory($dir) | Out-Null
        switch ($i % 6) {
            0 {
                $file = 'deploy.yaml'
                $text = "apiVersion: v1`nkind: Service`nmetadata:`n  name: $app`nspec:`n  ports: [{port: 80}]`n---`napiVersion: apps/v1`nkind: Deployment`nmetadata:`n  name: $app`n  labels: {app: $app, tier: web}`nspec:`n  replicas: 2`n  template:`n    metadata:`n      labels: {app: $app}`n    spec:`n      initContainers:`n        - name: migrate`n          image: ghcr.io/acme/$app-migrate:1.0.$i`n      containers:`n        - name: app`n          image: ghcr.io/acme/${app}:1.0.$i`n          ports: [{containerPort: 8080}]`n          resources: {limits: {cpu: 500m, memory: 256Mi}}`n        - name: proxy`n          image: envoyproxy/envoy:v1.31.0`n"
                $documents += 2
            }
            1 {
                $file = 'release.yaml'
                $text = "apiVersion: helm.toolkit.fluxcd.io/v2`nkind: HelmRelease`nmetadata:`n  name: $app`n  namespace: apps`nspec:`n  interval: 10m`n  chart:`n    spec: {chart: redis, version: 19.x}`n  values:`n    image:`n      registry: docker.io`n      repository: bitnami/redis`n      tag: 7.2.$i`n    metrics:`n      enabled: true`n      redis:`n        repository: oliver006/redis_exporter`n        tag: v1.62.0`n"
                $documents += 1
            }
            2 {
                $file = 'values.yaml'
                $text = "replicaCount: 2`nimage:`n  repository: ghcr.io/acme/$app`n  tag: `"2.$i`"`nservice: {type: ClusterIP, port: 80}`nresources: {limits: {cpu: 100m}}`n"
                $documents += 1
            }
            3 {
                # An overlay over its own base: the base writes the image, the overlay's images entry decides the tag.
                $file = 'kustomization.yaml'
                $text = "apiVersion: kustomize.config.k8s.io/v1beta1`nkind: Kustomization`nresources: [base]`nimages:`n  - name: ghcr.io/acme/$app`n    newTag: 3.$i.0`n"
                [IO.Directory]::CreateDirectory((Join-Path $dir 'base')) | Out-Null
                [IO.File]::WriteAllText((Join-Path $dir 'base/kustomization.yaml'), "resources: [deploy.yaml]`n")
                [IO.File]::WriteAllText((Join-Path $dir 'base/deploy.yaml'), "apiVersion: apps/v1`nkind: Deployment`nmetadata: {name: $app}`nspec:`n  template:`n    spec:`n      containers:`n        - name: app`n          image: ghcr.io/acme/${app}:3.0.0`n")
                $documents += 3
            }
            4 {
                $file = 'cronjob.yaml'
                $text = "apiVersion: batch/v1`nkind: CronJob`nmetadata: {name: $app}`nspec:`n  schedule: '*/5 * * * *'`n  jobTemplate:`n    spec:`n      template:`n        spec:`n          restartPolicy: OnFailure`n          containers:`n            - name: job`n              image: ghcr.io/acme/${app}-job:4.$i`n"
                $documents += 1
            }
            default {
                $file = 'config.yaml'
                $text = "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: $app}`ndata:`n  LOG_LEVEL: info`n  FEATURE_X: 'true'`n---`napiVersion: v1`nkind: ServiceAccount`nmetadata: {name: $app}`n"
                $documents += 2
            }
        }
        [IO.File]::WriteAllText((Join-Path $dir $file), $text)
    }
    $null = Invoke-Git $Path @('add', '-A')
    $null = Invoke-Git $Path @('commit', '-q', '-m', 'fleet')
    # The change under test: 10 files, each a tag bump: 5 plain manifests and 5 overlays' images entries.
    $changed = @(Get-ChildItem -Recurse -File -Path (Join-Path $Path 'apps') -Filter 'deploy.yaml' | Where-Object { $_.Directory.Name -ne 'base' } | Select-Object -First 5)
    foreach ($f in $changed) { [IO.File]::WriteAllText($f.FullName, ([IO.File]::ReadAllText($f.FullName) -replace ':1\.0\.', ':1.1.')) }
    $overlays = @(Get-ChildItem -Recurse -File -Path (Join-Path $Path 'apps') -Filter 'kustomization.yaml' | Where-Object { $_.Directory.Name -ne 'base' } | Select-Object -First 5)
    foreach ($f in $overlays) { [IO.File]::WriteAllText($f.FullName, ([IO.File]::ReadAllText($f.FullName) -replace 'newTag: 3\.', 'newTag: 4.')) }
    $null = Invoke-Git $Path @('commit', '-q', '-a', '-m', 'bump 10')
    $null = Invoke-Git $Path @('tag', 'change')
    # The chain: more 10-file changes of the same shape, each on other apps (wrapping around in small repositories).
    $deploys = @(Get-ChildItem -Recurse -File -Path (Join-Path $Path 'apps') -Filter 'deploy.yaml' | Where-Object { $_.Directory.Name -ne 'base' } | Sort-Object FullName)
    $kustomizations = @(Get-ChildItem -Recurse -File -Path (Join-Path $Path 'apps') -Filter 'kustomization.yaml' | Where-Object { $_.Directory.Name -ne 'base' } | Sort-Object FullName)
    for ($c = 1; $c -le $ChainLength; $c++) {
        for ($k = 0; $k -lt 5; $k++) {
            $f = $deploys[($c * 5 + $k) % $deploys.Count].FullName
            [IO.File]::WriteAllText($f, ([IO.File]::ReadAllText($f) -replace '(acme/app\d+(-migrate)?):1\.\d+\.', "`${1}:1.$($c + 1)."))
            $f = $kustomizations[($c * 5 + $k) % $kustomizations.Count].FullName
            [IO.File]::WriteAllText($f, ([IO.File]::ReadAllText($f) -replace 'newTag: \d+\.', "newTag: $($c + 10)."))
        }
        $null = Invoke-Git $Path @('commit', '-q', '-a', '-m', "chain $c")
        $null = Invoke-Git $Path @('tag', "chain$c")
    }
    $documents
}

function Measure-Pair([scriptblock] $Ours, [scriptblock] $Peer, [int] $Runs = 15) {
    & $Ours | Out-Null; & $Peer | Out-Null
    $o = [Collections.Generic.List[double]]::new(); $p = [Collections.Generic.List[double]]::new(); $r = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Runs; $i++) {
        $a = (Measure-Command { & $Ours | Out-Null }).TotalMilliseconds
        $b = (Measure-Command { & $Peer | Out-Null }).TotalMilliseconds
        $o.Add($a); $p.Add($b); $r.Add($a / [Math]::Max($b, 0.001))
    }
    [pscustomobject]@{ Ours = Get-MedianValue $o; Peer = Get-MedianValue $p; Ratio = Get-MedianValue $r; Runs = $Runs }
}

$root = Join-Path ([IO.Path]::GetTempPath()) ("fluxops-bench-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
try {
    $big = Join-Path $root 'fleet5000'
    $small = Join-Path $root 'fleet500'
    $chain = 50
    $bigDocs = New-GitOpsRepository $big 5000 $chain
    $null = New-GitOpsRepository $small 500 $chain

    # The first query of a fresh process: nothing is cached (the catalog of the repository is built from its trees).
    $self = [Environment]::ProcessPath
    [string[]] $prefix = if ((Split-Path -Leaf $self) -match '^pwsh(\.exe)?$') { @() } else { @(Join-Path $PSHOME 'pwsh.dll') }
    $coldProbe = "Import-Module '$manifest'; `$null = & git -C '$big' diff --name-only change~1 change; `$o = (Measure-Command { `$null = Get-ChangedImages -Path '$big' -Base change~1 -Head change }).TotalMilliseconds; `$p = (Measure-Command { `$null = & git -C '$big' diff --name-only change~1 change }).TotalMilliseconds; '{0} {1}' -f `$o, `$p"
    $cold = (& $self @prefix -NoProfile -NonInteractive -Command $coldProbe) -split ' '

    $check = @(Get-ChangedImages -Path $big -Base change~1 -Head change)
    if ($check.Count -ne 15) { throw "expected 15 changed images (app + migrate in 5 files, 5 overlay tags), got $($check.Count)" }
    $names = @(& git -C $big diff --name-only change~1 change)
    if ($names.Count -ne 10) { throw "git diff listed $($names.Count) files" }
    $link = @(Get-ChangedImages -Path $big -Base chain7~1 -Head chain7)
    if ($link.Count -ne 15) { throw "expected 15 changed images in a chain commit, got $($link.Count)" }

    # Every measured run meets a new Head: chain commits in turn (the warm-up of Measure-Pair takes the first).
    $script:oursAt = 0; $script:peerAt = 0; $script:bigAt = 0; $script:smallAt = 0
    $diff = Measure-Pair -Ours { $script:oursAt++; Get-ChangedImages -Path $big -Base "chain$($script:oursAt)~1" -Head "chain$($script:oursAt)" } `
        -Peer { $script:peerAt++; & git -C $big diff --name-only "chain$($script:peerAt)~1" "chain$($script:peerAt)" }
    $repeat = Measure-Pair -Ours { Get-ChangedImages -Path $big -Base change~1 -Head change } -Peer { & git -C $big diff --name-only change~1 change }
    $scale = Measure-Pair -Runs 31 -Ours { $script:bigAt = $script:bigAt % $chain + 1; Get-ChangedImages -Path $big -Base "chain$($script:bigAt)~1" -Head "chain$($script:bigAt)" } `
        -Peer { $script:smallAt = $script:smallAt % $chain + 1; Get-ChangedImages -Path $small -Base "chain$($script:smallAt)~1" -Head "chain$($script:smallAt)" }

    # -All: in-process throughput (module warm), then peak memory of a fresh process doing only that.
    $null = Get-ChangedImages -Path $big -All | Measure-Object
    $allMs = [Collections.Generic.List[double]]::new()
    $allCpuMs = [Collections.Generic.List[double]]::new()
    $allCount = 0
    $process = [Diagnostics.Process]::GetCurrentProcess()
    for ($i = 0; $i -lt 9; $i++) {
        $process.Refresh(); $cpuBefore = $process.TotalProcessorTime
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $allCount = @(Get-ChangedImages -Path $big -All).Count
        $allMs.Add($watch.Elapsed.TotalMilliseconds)
        $process.Refresh(); $allCpuMs.Add(($process.TotalProcessorTime - $cpuBefore).TotalMilliseconds)
    }
    $allMedian = Get-MedianValue $allMs
    $allCpuMedian = Get-MedianValue $allCpuMs
    $load = if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg) -split ' ' | Select-Object -First 1 } else { 'n/a' }
    $probe = "Import-Module '$manifest'; `$null = Get-ChangedImages -Path '$small' -All | Measure-Object; [GC]::Collect(); `$before = [Diagnostics.Process]::GetCurrentProcess(); `$before.Refresh(); `$base = `$before.PeakWorkingSet64; `$null = Get-ChangedImages -Path '{0}' -All | Measure-Object; `$p = [Diagnostics.Process]::GetCurrentProcess(); `$p.Refresh(); '{{0}} {{1}}' -f `$base, `$p.PeakWorkingSet64"
    $memory = (& $self @prefix -NoProfile -NonInteractive -Command ($probe -f $big)) -split ' '
    $peakBefore = [double]$memory[0] / 1MB
    $peakAfter = [double]$memory[1] / 1MB

    $docsPerSecond = $bigDocs / ($allMedian / 1000)
    @"
## Get-ChangedImages (issues 5 and 12)

Generated repository: 5,000 app folders, $bigDocs documents (Deployments+Services, HelmReleases, values files, Kustomize overlays over their own bases, CronJobs, ConfigMaps); change = 10 files with a tag bump each (5 manifests, 5 overlay images entries, so 5 kustomization roots rendered at base and head). In-process, module loaded; medians of $($diff.Runs) alternating pairs. Each measured run compares the next commit of a chain of such changes with its parent, so its Head tree is new to the process: the kustomize catalog of Head is derived from the last one by the folders that differ, and only the roots the change touches are rendered.

| measure | value |
| --- | --- |
| ``Get-ChangedImages -Base chainN~1 -Head chainN`` (10-file change, 5,000-file repo, new Head each run) | $([Math]::Round($diff.Ours, 1)) ms |
| ``git diff --name-only chainN~1 chainN`` (same repo, same commits) | $([Math]::Round($diff.Peer, 1)) ms |
| ratio ours / git diff, median of pairs | $([Math]::Round($diff.Ratio, 2)) (goal <= 3) |
| same query repeated (both catalogs known) | $([Math]::Round($repeat.Ours, 1)) ms vs git diff $([Math]::Round($repeat.Peer, 1)) ms, ratio $([Math]::Round($repeat.Ratio, 2)) |
| first query of a fresh process (nothing cached) | $([Math]::Round([double]$cold[0])) ms vs git diff $([Math]::Round([double]$cold[1], 1)) ms in the same process, ratio $([Math]::Round([double]$cold[0] / [Math]::Max([double]$cold[1], 0.001), 1)) |
| same chain of 10-file changes, 5,000-file vs 500-file repo ($($scale.Runs) pairs) | $([Math]::Round($scale.Ours, 1)) ms vs $([Math]::Round($scale.Peer, 1)) ms, ratio $([Math]::Round($scale.Ratio, 2)) (1 = cost independent of repository size) |
| ``Get-ChangedImages -All`` over 5,000 files | $([Math]::Round($allMedian)) ms, $allCount images |
| -All throughput (wall clock) | $([Math]::Round($docsPerSecond)) documents/s (goal >= 20,000; fastest run $([Math]::Round($bigDocs / (($allMs | Measure-Object -Minimum).Minimum / 1000))) documents/s) |
| -All CPU time, all threads (median) | $([Math]::Round($allCpuMedian)) ms = $([Math]::Round($bigDocs / ($allCpuMedian / 1000))) documents per CPU-second |
| machine load average during the run | $load (2 cores shared; wall figures suffer when it is high) |
| -All peak working set of a fresh pwsh | $([Math]::Round($peakAfter)) MB (before the 5,000-file run: $([Math]::Round($peakBefore)) MB) |
"@
}
finally {
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $root
}
