# Helpers for Invoke-FluxOpsDemo.ps1: the sample GitOps repository, git plumbing, and the Flux-shaped event.
Set-StrictMode -Version Latest

function Write-Step([int] $Number, [string] $Text) { Write-Host "`n=== Step $Number. $Text" -ForegroundColor Cyan }
function Write-Proof([string] $Text) { Write-Host "Proves: $Text" -ForegroundColor Green }

function Invoke-DemoGit {
    <# git in the developer's clone: Invoke-DemoGit <path> <git arguments...>; stops the demo with git's message when it fails. #>
    # A simple function (no param block) so git options such as -q reach git instead of PowerShell's binder.
    $path, $arguments = $args
    $env:GIT_TERMINAL_PROMPT = '0'
    $output = & git -C $path @arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "git $($arguments -join ' ') failed: $output" }
    ($output | Out-String).Trim()
}

function Set-DemoFile([string] $Root, [string] $RelativePath, [string] $Content) {
    $full = Join-Path $Root $RelativePath
    New-Item -ItemType Directory -Force (Split-Path $full) | Out-Null
    Set-Content -Path $full -Value $Content -NoNewline
}

function Push-DemoImage($Registry, [string] $Repository, [string] $Tag) {
    $pusher = [FluxOps.Testing.ImagePusher]::new($Registry)
    try { $pusher.PushImageAsync($Repository, $Tag, 'amd64', 'linux').GetAwaiter().GetResult() } finally { $pusher.Dispose() }
}

function Get-DemoOverlay([string] $Registry, [string] $WebTag) {
    @"
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../base/web
  - redis-release.yaml
images:
  - name: $Registry/acme/web
    newTag: $WebTag

"@
}

function Get-DemoHelmRelease([string] $Registry, [string] $RedisTag) {
    @"
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: redis
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: redis
      version: "19.6.0"
      sourceRef: {kind: HelmRepository, name: bitnami, namespace: flux-system}
  values:
    image:
      registry: $Registry
      repository: acme/redis
      tag: "$RedisTag"

"@
}

function New-DemoFleet($Server, [string] $Registry, [string] $Workspace) {
    <# Creates the sample fleet repository, pushes it, and returns the developer's clone. #>
    $dev = Join-Path $Workspace 'clone'
    New-Item -ItemType Directory -Force $dev | Out-Null
    $null = Invoke-DemoGit $dev init -q --initial-branch=main
    $null = Invoke-DemoGit $dev config user.name 'Dana Developer'
    $null = Invoke-DemoGit $dev config user.email 'dana@example.test'
    # Credentials come from a git credential helper, as on a developer's machine; FluxOps uses it too.
    $store = Join-Path $Workspace 'git-credentials'
    Set-Content -Path $store -Value "http://$($Server.User):$($Server.Password)@127.0.0.1:$($Server.Port)"
    $null = Invoke-DemoGit $dev config credential.helper "store --file=$store"
    $null = Invoke-DemoGit $dev remote add origin $Server.UrlFor('fleet')

    Set-DemoFile $dev 'clusters/production/apps.yaml' @"
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/production
  prune: true
  wait: true
  sourceRef: {kind: GitRepository, name: flux-system}

"@
    Set-DemoFile $dev 'apps/base/web/kustomization.yaml' "resources:`n  - deployment.yaml`n"
    Set-DemoFile $dev 'apps/base/web/deployment.yaml' @"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: apps
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: $Registry/acme/web:1.0.0

"@
    Set-DemoFile $dev 'apps/production/kustomization.yaml' (Get-DemoOverlay -Registry $Registry -WebTag '1.1.0')
    Set-DemoFile $dev 'apps/production/redis-release.yaml' (Get-DemoHelmRelease -Registry $Registry -RedisTag '7.2.4')
    $null = Invoke-DemoGit $dev add -A
    $null = Invoke-DemoGit $dev commit -q -m 'Initial fleet: web via Kustomize overlay, redis via HelmRelease'
    $null = Invoke-DemoGit $dev push -q -u origin main
    Write-Host "Sample GitOps repository pushed: clusters/production/apps.yaml (Flux Kustomization 'apps' -> ./apps/production),"
    Write-Host '  apps/base/web (Deployment), apps/production (Kustomize overlay with images:, HelmRelease redis)'
    $dev
}

function Get-DemoBarePath($Server) { Join-Path $Server.RepositoryRoot 'fleet.git' }

function Get-DemoRemoteHead($Server) { (& git --git-dir (Get-DemoBarePath $Server) rev-parse refs/heads/main).Trim() }

function Get-DemoRemoteMessage($Server, [string] $Commit) { & git --git-dir (Get-DemoBarePath $Server) log -1 --format=%B $Commit | Where-Object { $_ } }

function Get-DemoRemoteFile($Server, [string] $Commit, [string] $Path) { (& git --git-dir (Get-DemoBarePath $Server) show "${Commit}:$Path") -join "`n" }

function Test-DemoRemoteAncestor($Server, [string] $Ancestor, [string] $Descendant) {
    & git --git-dir (Get-DemoBarePath $Server) merge-base --is-ancestor $Ancestor $Descendant
    $LASTEXITCODE -eq 0
}

function Wait-DemoRemoteMove($Server, [string] $From, [int] $Seconds = 90) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        $now = Get-DemoRemoteHead $Server
        if ($now -ne $From) { return $now }
        Start-Sleep -Milliseconds 200
    }
    throw "The remote branch did not move within $Seconds s."
}

function Get-PwshCommand {
    # A pwsh like this one: the dotnet tool runs as "dotnet pwsh.dll".
    $self = [Environment]::ProcessPath
    [string[]] $prefix = if ((Split-Path -Leaf $self) -match '^pwsh(\.exe)?$') { @() } else { @(Join-Path $PSHOME 'pwsh.dll') }
    [pscustomobject]@{ FilePath = $self; Prefix = $prefix }
}

function Start-DemoReceiver($Server, [string] $Key, [string] $Workspace) {
    <# Start-FluxRollbackReceiver in its own pwsh, as a pod or service would run it; secrets pass through its environment. #>
    $port = [FluxOps.Testing.FreePort]::Next()
    $script = '$ErrorActionPreference = ''Stop''; Import-Module FluxOps; ' +
    '$cred = [pscredential]::new($env:DEMO_GIT_USER, (ConvertTo-SecureString $env:DEMO_GIT_PASSWORD -AsPlainText -Force)); ' +
    'Start-FluxRollbackReceiver -Port $env:DEMO_PORT -Secret (ConvertTo-SecureString $env:DEMO_HMAC_KEY -AsPlainText -Force) ' +
    '-RepositoryUrl $env:DEMO_GIT_URL -Credential $cred -Branch main -Include ''Kustomization/flux-system/apps'' -Confirm:$false'
    $pwsh = Get-PwshCommand
    $environment = [System.Collections.Generic.Dictionary[string, string]]::new()
    $environment['DEMO_GIT_USER'] = $Server.User
    $environment['DEMO_GIT_PASSWORD'] = $Server.Password
    $environment['DEMO_HMAC_KEY'] = $Key
    $environment['DEMO_GIT_URL'] = $Server.UrlFor('fleet')
    $environment['DEMO_PORT'] = "$port"
    $environment['XDG_CACHE_HOME'] = Join-Path $Workspace 'receiver-cache'
    $process = [FluxOps.Testing.BackgroundProcess]::new($pwsh.FilePath, [string[]]($pwsh.Prefix + @('-NoProfile', '-NonInteractive', '-Command', $script)), $null, $environment)
    [FluxOps.Testing.Wait]::ForPort($port, $process, 'Start-FluxRollbackReceiver', [timespan]::FromSeconds(60))
    [pscustomobject]@{ Port = $port; Process = $process }
}

function New-DemoFluxEvent([string] $Sha) {
    <# The compact JSON notification-controller posts for a failed Kustomization health check (field order as Go marshals it). #>
    $timestamp = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ', [Globalization.CultureInfo]::InvariantCulture)
    '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","uid":"7d0cdc51-ddcf-4743-b223-83ca5c699632",' +
    '"apiVersion":"kustomize.toolkit.fluxcd.io/v1","resourceVersion":"123456"},"severity":"error","timestamp":"' + $timestamp + '",' +
    '"message":"health check failed after 5m0.02s: timeout waiting for: [Deployment/apps/web status: ''InProgress'']","reason":"HealthCheckFailed",' +
    '"metadata":{"revision":"main@sha1:' + $Sha + '"},"reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-7c7b47f5f-8bhrp"}'
}

function Send-DemoEvent([int] $Port, [string] $Body, [string] $Key) {
    $bytes = [Text.Encoding]::UTF8.GetBytes($Body)
    $hmac = [Security.Cryptography.HMACSHA256]::HashData([Text.Encoding]::UTF8.GetBytes($Key), $bytes)
    $headers = @{ 'X-Signature' = 'sha256=' + [Convert]::ToHexString($hmac).ToLowerInvariant(); 'Gotk-Component' = 'kustomize-controller' }
    $response = Invoke-WebRequest -Method Post -Uri "http://127.0.0.1:$Port/hooks/flux" -Body $bytes -ContentType 'application/json' `
        -Headers $headers -SkipHttpErrorCheck -TimeoutSec 30
    [int] $response.StatusCode
}

function Get-DemoMetrics([int] $Port) {
    (Invoke-WebRequest -Uri "http://127.0.0.1:$Port/metrics" -TimeoutSec 10).Content -split "`n"
}

function Wait-DemoDecisions([int] $Port, [int] $Count, [int] $Seconds = 60) {
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        $total = 0
        foreach ($line in Get-DemoMetrics $Port) {
            if ($line -match '^fluxops_rollback_decisions_total\{[^}]*\} (\d+)') { $total += [int] $Matches[1] }
        }
        if ($total -ge $Count) { return }
        Start-Sleep -Milliseconds 200
    }
    throw "The receiver did not decide $Count event(s) within $Seconds s."
}
