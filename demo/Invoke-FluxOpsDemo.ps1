<#
.SYNOPSIS
    The FluxOps story in one run, against an embedded default: a real registry and a real git smart-HTTP server
    started here on loopback, and a sample GitOps repository (Kustomize overlay, HelmRelease, Flux Kustomization).
.DESCRIPTION
    1. A change bumps an image to a tag that does not exist: Get-ChangedImages | Test-ImageTag -FailOnMissing stops it.
    2. The bad commit lands anyway; a Flux-shaped, HMAC-signed failure event goes to Start-FluxRollbackReceiver; the
       revert appears on the remote; the same event again changes nothing (loop guard).
    3. The panic button: Get-FluxBadCommit | Invoke-FluxRevert -WhatIf, then for real.
    Everything started here is stopped at the end, also on failure or Ctrl+C.
#>
[CmdletBinding()]
param(
    # Local PSResource repository to install FluxOps from (the build's out/repo); skipped with -SkipInstall.
    [string] $RepositoryPath = $env:FLUXOPS_PACKAGE_REPOSITORY,
    [switch] $SkipInstall
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'Continue'
if (-not $env:FLUXOPS_TESTING_DLL) { throw 'Run the demo through ./build.ps1 -Task Demo (it builds the loopback fixtures it uses).' }
Add-Type -Path $env:FLUXOPS_TESTING_DLL
. (Join-Path $PSScriptRoot 'DemoSupport.ps1')

if (-not $SkipInstall) {
    Write-Step 0 'Install FluxOps from the local PSResource repository, as users do with Install-PSResource'
    $name = "FluxOpsDemo$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    Register-PSResourceRepository -Name $name -Uri $RepositoryPath -Trusted
    try { Install-PSResource FluxOps -Repository $name -TrustRepository -Reinstall -Scope CurrentUser -Quiet }
    finally { Unregister-PSResourceRepository -Name $name }
}
Import-Module FluxOps -Force
$environment = Get-FluxOpsEnvironment
Write-Host "FluxOps $($environment.ModuleVersion) with $($environment.LibGit2Version) on $($environment.RuntimeIdentifier)"

$started = [System.Collections.Generic.List[System.IDisposable]]::new()
try {
    Write-Progress -Activity 'FluxOps demo' -Status 'Starting a registry and a git server on loopback' -PercentComplete 5
    $registry = [FluxOps.Testing.RegistryServer]::new(); $started.Add($registry)
    $git = [FluxOps.Testing.GitHttpServer]::new('flux', $null); $started.Add($git)
    $workspace = [FluxOps.Testing.TempDirectory]::new('fluxops-demo'); $started.Add($workspace)
    Write-Host "Registry:   http://$($registry.Host)  (docker-registry)"
    Write-Host "Git server: $($git.UrlFor('fleet'))  (nginx + git-http-backend, Basic auth)"
    $credential = [pscredential]::new($git.User, (ConvertTo-SecureString $git.Password -AsPlainText -Force))
    $reg = $registry.Host
    foreach ($image in 'acme/web:1.0.0', 'acme/web:1.1.0', 'acme/redis:7.2.4') {
        $repository, $tag = $image -split ':'
        $null = Push-DemoImage -Registry $registry -Repository $repository -Tag $tag
    }
    Write-Host "Images pushed: $reg/acme/web:1.0.0, $reg/acme/web:1.1.0, $reg/acme/redis:7.2.4"

    $null = $git.CreateBareRepository('fleet', 'main')
    $dev = New-DemoFleet -Server $git -Registry $reg -Workspace $workspace.Path

    # ---------------------------------------------------------------------------------------------------------------
    Write-Step 1 'A change bumps web to 1.2.0, a tag nobody pushed; the pre-push check stops it'
    Write-Progress -Activity 'FluxOps demo' -Status 'Step 1: pre-push image check' -PercentComplete 20
    Set-DemoFile $dev 'apps/production/kustomization.yaml' (Get-DemoOverlay -Registry $reg -WebTag '1.2.0')
    Invoke-DemoGit $dev commit -q -am 'Roll web out to 1.2.0'
    Write-Host "> Get-ChangedImages -Path <clone> -Base origin/main | Test-ImageTag -FailOnMissing"
    $stopped = $false
    try {
        Get-ChangedImages -Path $dev -Base origin/main | Test-ImageTag -FailOnMissing | Format-Table -AutoSize | Out-Host
    }
    catch {
        $stopped = $true
        Write-Host "Stopped before push: $($_.Exception.Message)" -ForegroundColor Yellow
    }
    if (-not $stopped) { throw 'Step 1 failed: the missing tag was not caught.' }
    Write-Proof 'a tag that does not exist is caught before Flux sees it, named with its file and line.'

    # ---------------------------------------------------------------------------------------------------------------
    Write-Step 2 'The bad commit lands anyway; Flux reports the failure; the receiver reverts it exactly once'
    Write-Progress -Activity 'FluxOps demo' -Status 'Step 2: automated rollback' -PercentComplete 45
    Invoke-DemoGit $dev push -q origin HEAD:main
    $badSha = Invoke-DemoGit $dev rev-parse HEAD
    Write-Host "Pushed anyway: $($badSha.Substring(0, 7)) 'Roll web out to 1.2.0' (the kind of push a hotfix at 3 a.m. makes)"
    $hmacKey = [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(32)).ToLowerInvariant()
    $receiver = Start-DemoReceiver -Server $git -Key $hmacKey -Workspace $workspace.Path
    $started.Add($receiver.Process)
    Write-Host "Start-FluxRollbackReceiver listening on http://127.0.0.1:$($receiver.Port)/hooks/flux"
    Write-Host 'No Flux cluster runs here: the event below is byte for byte what notification-controller posts for a'
    Write-Host 'failed Kustomization health check through a generic-hmac Provider (body, X-Signature: sha256=<hmac>).'
    $event = New-DemoFluxEvent -Sha $badSha
    $before = Get-DemoRemoteHead $git
    $status = Send-DemoEvent -Port $receiver.Port -Body $event -Key $hmacKey
    Write-Host "POST /hooks/flux -> $status"
    $after = Wait-DemoRemoteMove -Server $git -From $before
    Write-Host "Remote main moved $($before.Substring(0, 7)) -> $($after.Substring(0, 7)):"
    Get-DemoRemoteMessage $git $after | ForEach-Object { Write-Host "    $_" }
    Write-Proof 'a verified Flux failure event becomes one revert commit on the remote, with FluxOps trailers.'

    $status = Send-DemoEvent -Port $receiver.Port -Body $event -Key $hmacKey
    Wait-DemoDecisions -Port $receiver.Port -Count 2
    $again = Get-DemoRemoteHead $git
    Write-Host "Same event again -> $status; remote main still $($again.Substring(0, 7))"
    if ($again -ne $after) { throw 'Step 2 failed: the duplicate event moved the branch.' }
    Get-DemoMetrics -Port $receiver.Port | Where-Object { $_ -match '^fluxops_rollback_(decisions|reverts)_total' } | ForEach-Object { Write-Host "    $_" }
    $forged = Send-DemoEvent -Port $receiver.Port -Body $event -Key 'not-the-key'
    Write-Host "A forged signature -> $forged; remote main still $((Get-DemoRemoteHead $git).Substring(0, 7))"
    Write-Proof 'the loop guard holds: duplicates and forgeries change nothing.'

    # ---------------------------------------------------------------------------------------------------------------
    Write-Step 3 'The panic button: a HelmRelease change breaks redis; find the commit and revert it by hand'
    Write-Progress -Activity 'FluxOps demo' -Status 'Step 3: panic button' -PercentComplete 75
    Invoke-DemoGit $dev pull -q --ff-only origin main
    Set-DemoFile $dev 'apps/production/redis-release.yaml' (Get-DemoHelmRelease -Registry $reg -RedisTag '7.4.0-rc')
    Invoke-DemoGit $dev commit -q -am 'Upgrade redis to 7.4.0-rc'
    Invoke-DemoGit $dev push -q origin HEAD:main
    $redisSha = Invoke-DemoGit $dev rev-parse HEAD
    Write-Host "> Get-FluxBadCommit -Path <clone> -Revision 'main@sha1:$($redisSha.Substring(0, 12))...' | Invoke-FluxRevert -WhatIf"
    $headBefore = Get-DemoRemoteHead $git
    Get-FluxBadCommit -Path $dev -Revision "main@sha1:$redisSha" | Invoke-FluxRevert -Credential $credential -WhatIf
    if ((Get-DemoRemoteHead $git) -ne $headBefore) { throw 'Step 3 failed: -WhatIf changed the remote.' }
    Write-Host '-WhatIf changed nothing. Now for real:'
    $result = Get-FluxBadCommit -Path $dev -Revision "main@sha1:$redisSha" | Invoke-FluxRevert -Credential $credential -Reason 'redis 7.4.0-rc crash-loops' -Confirm:$false
    $result | Format-Table RevertedSha, RevertSha, Pushed, Attempts, Skipped -AutoSize | Out-Host
    $tip = Get-DemoRemoteHead $git
    $restored = Get-DemoRemoteFile $git $tip 'apps/production/redis-release.yaml'
    if (-not $result.Pushed -or $restored -notmatch 'tag: "?7\.2\.4') { throw 'Step 3 failed: the revert is not on the remote.' }
    if (-not (Test-DemoRemoteAncestor $git $headBefore $tip)) { throw 'Step 3 failed: the old tip is not an ancestor of the new one.' }
    Write-Host "Remote main is $($tip.Substring(0, 7)); redis is back on 7.2.4; the old tip $($headBefore.Substring(0, 7)) is an ancestor (no history rewritten)."
    Write-Proof 'one pipeline finds the guilty commit and puts a real revert on the branch Flux watches.'

    Write-Progress -Activity 'FluxOps demo' -Completed
    Write-Host "`nDEMO OK: pre-push check, automated rollback with loop guard, and panic button all worked." -ForegroundColor Green
    $demoSucceeded = $true
}
finally {
    # Newest first: the receiver before the git server it talks to, the folders last.
    for ($i = $started.Count - 1; $i -ge 0; $i--) { try { $started[$i].Dispose() } catch { Write-Warning "Cleanup: $($_.Exception.Message)" } }
    Write-Host 'Stopped the receiver, the git server and the registry, and removed their folders.'
}
# Step 1 fails the gate on purpose and handles it; a failed -FailOnMissing also sets pwsh's exit code, so say we succeeded.
if ($demoSucceeded) { exit 0 }
