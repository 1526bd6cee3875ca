# The default views as a person sees them: pwsh importing the installed module in a real terminal (tmux) at 80 columns
# (a CI log) and 120 (a terminal), with real objects from a real registry and a real git smart-HTTP server. The screen
# is read back and must hold the facts whole: each image with its file:line, short shas, the message of a decision.
# FLUXOPS_VIEW_CAPTURES names a folder to keep the 80-column screens in (the issue's closing note shows them).
BeforeDiscovery {
    $widths = @(80, 120)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TerminalViews.psm1') -Force
    $captures = if ($env:FLUXOPS_VIEW_CAPTURES) { $env:FLUXOPS_VIEW_CAPTURES } else { Join-Path $TestDrive 'captures' }
    New-Item -ItemType Directory -Force $captures | Out-Null
    function Save-Capture([string] $Name, [int] $Width) { if ($Width -eq 80) { Join-Path $captures "$Name-80.txt" } }
    # No docker login of this machine decides a result; no CI markers add annotation lines.
    $isolate = "`$env:DOCKER_CONFIG = '$TestDrive'; `$env:REGISTRY_AUTH_FILE = `$null; `$env:DOCKER_AUTH_CONFIG = `$null; `$env:GITHUB_ACTIONS = `$null; `$env:TF_BUILD = `$null"
    $hex40 = '(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])'
}

Describe 'Get-ChangedImages and Test-ImageTag at <_> columns' -ForEach $widths {
    BeforeAll {
        $width = $_
        $registry = Start-TestRegistry
        $payments = "$($registry.Host)/acme-corp/platform/payments-api"
        $worker = "$($registry.Host)/acme-corp/platform/settlement-worker"
        $digest = Push-TestImage -Registry $registry -Repository 'acme-corp/platform/payments-api' -Tag '1.2.3'
        $null = Push-TestImage -Registry $registry -Repository 'acme-corp/platform/payments-api' -Tag '1.2.2'
        $tree = New-TestWorkTree
        $file = 'clusters/production/apps/payments/deployment.yaml'
        $workerFile = 'clusters/production/apps/payments/settlement-worker.yaml'
        $deployment = [FluxOps.Testing.SampleManifests]::ServiceAndDeployment("${payments}:1.2.2", $null)
        $null = $tree.Commit('base', (New-FileMap @{ $file = $deployment }))
        $null = $tree.Commit('payments 1.2.3 and the settlement worker', (New-FileMap @{
                    $file       = $deployment.Replace('payments-api:1.2.2', 'payments-api:1.2.3')
                    $workerFile = [FluxOps.Testing.SampleManifests]::ServiceAndDeployment("${worker}:2026.03.14-rc.1", $null)
                }))
        $screen = Show-InTerminal -Width $width -WorkFolder $TestDrive -SaveAs (Save-Capture 'changed-images' $width) -Script @"
$isolate
Import-Module FluxOps
Set-Location -LiteralPath '$($tree.Path)'
'== Get-ChangedImages'
Get-ChangedImages -Base HEAD~1 | Out-Host
'== Test-ImageTag'
Get-ChangedImages -Base HEAD~1 | Test-ImageTag | Out-Host
"@
        $changed = Get-ScreenSection $screen 'Get-ChangedImages'
        $checked = Get-ScreenSection $screen 'Test-ImageTag'
    }
    AfterAll {
        $tree.Dispose()
        $registry.Dispose()
    }

    It 'Get-ChangedImages shows each image first and whole, its file:line right under it' {
        $modified = Find-Record $changed 'Modified' "${payments}:1.2.3"
        $added = Find-Record $changed 'Added' "${worker}:2026.03.14-rc.1"
        $modified | Should -BeGreaterOrEqual 0 -Because ($changed -join "`n")
        $added | Should -BeGreaterOrEqual 0 -Because ($changed -join "`n")
        $changed[$modified + 1] | Should -Match "^ {13}$([regex]::Escape($file)):\d+(  |$)"
        $changed[$added + 1] | Should -Match "^ {13}$([regex]::Escape($workerFile)):\d+(  |$)"
        (Join-RecordDetail $changed -At $modified) | Should -Match "^$([regex]::Escape($file)):\d+\s+Container in Deployment/web was $([regex]::Escape("${payments}:1.2.2"))$"
        $changed | ForEach-Object { $_.Length | Should -BeLessThan $width }
    }

    It 'Test-ImageTag shows status, the whole image, its file:line and a short digest' {
        $exists = Find-Record $checked 'Exists' "${payments}:1.2.3"
        $missing = Find-Record $checked 'NotFound' "${worker}:2026.03.14-rc.1"
        $exists | Should -BeGreaterOrEqual 0 -Because ($checked -join "`n")
        $missing | Should -BeGreaterOrEqual 0 -Because ($checked -join "`n")
        (Join-RecordDetail $checked -At $exists) | Should -Match "^$([regex]::Escape($file)):\d+\s+$($digest.Substring(0, 19))$"
        (Join-RecordDetail $checked -At $missing) | Should -Match "^$([regex]::Escape($workerFile)):\d+ .*2026\.03\.14-rc\.1.* not found"
        ($checked -join "`n") | Should -Not -Match ([regex]::Escape($digest))
        $checked | ForEach-Object { $_.Length | Should -BeLessThan $width }
    }
}

Describe 'Invoke-FluxRevert, ConvertFrom-FluxEvent, Invoke-FluxRollback and Get-FluxBadCommit at <_> columns' -ForEach $widths {
    BeforeAll {
        $width = $_
        $scenario = [FluxOps.Testing.FluxRepoScenario]::new('fleet')
        $null = [FluxOps.Testing.FluxFleet]::Seed($scenario)
        $infra = $scenario.Push('infra: lower redis maxmemory to 64mb for the cost review', (New-FileMap @{ 'infra/redis.yaml' = "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: redis}`ndata: {maxmemory: 64mb}`n" }))
        $web = $scenario.Push('Bump web to 2.0.0', (New-FileMap @{ 'apps/web.yaml' = [FluxOps.Testing.FluxFleet]::Web('2.0.0') }))
        $clone = $scenario.NewClone($true)
        $key = 'views-hmac-key'
        $body = '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","uid":"uid-apps"},"severity":"error",' +
            "`"timestamp`":`"$([DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ'))`",`"message`":`"health check failed after 5m0.02s: timeout waiting for: [Deployment/apps/web status: 'InProgress']`"," +
            "`"reason`":`"HealthCheckFailed`",`"metadata`":{`"revision`":`"main@sha1:$web`"},`"reportingController`":`"kustomize-controller`"}"
        Set-Content -Path (Join-Path $TestDrive "event-$width.json") -Value $body -NoNewline
        $hmac = [System.Security.Cryptography.HMACSHA256]::new([Text.Encoding]::UTF8.GetBytes($key))
        $signature = 'sha256=' + [Convert]::ToHexString($hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes($body))).ToLowerInvariant()
        $json = Join-Path $TestDrive "decisions-$width.json"
        $screen = Show-InTerminal -Width $width -WorkFolder $TestDrive -SaveAs (Save-Capture 'revert-rollback' $width) -Script @"
Import-Module FluxOps
`$cred = [pscredential]::new('$($scenario.Server.User)', (ConvertTo-SecureString '$($scenario.Server.Password)' -AsPlainText -Force))
'== Invoke-FluxRevert'
Invoke-FluxRevert -Path '$($clone.Path)' -Sha $infra -Credential `$cred -Reason 'redis evicts sessions' -Confirm:`$false | Out-Host
'== Invoke-FluxRevert again'
Invoke-FluxRevert -Path '$($clone.Path)' -Sha $infra -Credential `$cred -Reason 'redis evicts sessions' -Confirm:`$false 3>`$null | Out-Host
'== ConvertFrom-FluxEvent'
`$event = ConvertFrom-FluxEvent -Body (Get-Content -Raw '$TestDrive/event-$width.json') -Signature '$signature' -Secret (ConvertTo-SecureString '$key' -AsPlainText -Force)
`$event | Out-Host
'== Invoke-FluxRollback'
`$decisions = `$event, `$event | Invoke-FluxRollback -Path '$($clone.Path)' -Credential `$cred -Cooldown 0 -Confirm:`$false
`$decisions | Out-Host
`$decisions | ConvertTo-Json -Depth 4 | Set-Content '$json'
'== Get-FluxBadCommit'
Get-FluxBadCommit -Path '$($clone.Path)' -Branch origin/main -First 4 | Out-Host
"@
        $decisions = Get-Content -Raw $json | ConvertFrom-Json
        $revert = $scenario.Git('log', '--format=%H', '-1', '--grep', "Fluxops-Reverts: $infra", 'main')
        $rollback = $decisions[0].Revert.RevertSha
    }
    AfterAll { $scenario.Dispose() }

    It 'RevertResult shows short shas and where the revert went, never two full shas' {
        $section = Get-ScreenSection $screen 'Invoke-FluxRevert'
        $section | Should -Contain "Reverted     $($infra.Substring(0, 7)) reverted by $($revert.Substring(0, 7)), pushed to origin/main" -Because ($section -join "`n")
        ($section -join "`n") | Should -Not -Match $hex40
    }

    It 'a skipped RevertResult says which commit and why, whole' {
        $section = Get-ScreenSection $screen 'Invoke-FluxRevert again'
        $at = [array]::FindIndex([string[]] $section, [Predicate[string]] { param($l) $l -like "Skipped      $($infra.Substring(0, 7)) on *main" })
        $at | Should -BeGreaterOrEqual 0 -Because ($section -join "`n")
        (Join-RecordDetail $section -At $at) | Should -Match "^already reverted by $($revert.Substring(0, 7)) \(Ops Engineer, \d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\dZ\)$"
        ($section -join "`n") | Should -Not -Match $hex40
        $section | ForEach-Object { $_.Length | Should -BeLessThan $width }
    }

    It 'FluxEvent shows Verified first, the UTC ISO time, the object, the reason, a short revision and the message' {
        $section = Get-ScreenSection $screen 'ConvertFrom-FluxEvent'
        $section[0] | Should -Match '^Verified {5}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  error  Kustomization/flux-system/apps$' -Because ($section -join "`n")
        $section[1] | Should -Be "             HealthCheckFailed  main@sha1:$($web.Substring(0, 12))"
        (Join-RecordDetail $section '^Verified') | Should -BeLike '*health check failed after 5m0.02s: timeout waiting for: `[Deployment/apps/web status: ''InProgress''`]'
    }

    It 'RollbackDecision shows outcome, reason, object, short shas and the whole message' {
        $section = Get-ScreenSection $screen 'Invoke-FluxRollback'
        $decisions[0].Outcome | Should -Be 'Reverted'
        $section | Should -Contain "Reverted     BadCommit  Kustomization/flux-system/apps  $($web.Substring(0, 7)) -> $($rollback.Substring(0, 7))" -Because ($section -join "`n")
        (Join-RecordDetail $section '^Reverted') | Should -Be (($decisions[0].Message -split '\s+') -join ' ')
        (Join-RecordDetail $section '^Skipped\s+Duplicate') | Should -Be (($decisions[1].Message -split '\s+') -join ' ')
        ($section -join "`n") | Should -Not -Match $hex40
        # The note on how Flux applies the revert now is a host message, not the view: the terminal wraps it.
        $section | Where-Object { $_ -notlike 'Flux applies *' } | ForEach-Object { $_.Length | Should -BeLessThan $width }
    }

    It 'BadCommit shows the short sha, the whole subject, the UTC ISO time, author and files' {
        $section = Get-ScreenSection $screen 'Get-FluxBadCommit'
        $at = Find-Record $section $web.Substring(0, 7) 'Bump web to 2.0.0'
        $at | Should -BeGreaterOrEqual 0 -Because ($section -join "`n")
        (Join-RecordDetail $section -At $at) | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\dZ  Test Author apps/web.yaml$|^\d{4}-\d\d-\d\dT\d\d:\d\dZ  Test Author\s+apps/web.yaml$'
        # A subject longer than the screen wraps between words, never inside one.
        $infraAt = [array]::FindIndex([string[]] $section, [Predicate[string]] { param($l) $l -like "$($infra.Substring(0, 7))      infra: lower*" })
        $infraAt | Should -BeGreaterOrEqual 0
        (($section[$infraAt].Substring(13) + ' ' + (Join-RecordDetail $section -At $infraAt)) -replace '\s+', ' ') | Should -BeLike 'infra: lower redis maxmemory to 64mb for the cost review *'
        $section | ForEach-Object { $_.Length | Should -BeLessThan $width }
    }
}

Describe 'Invoke-FluxRevert -Confirm in a terminal' {
    It 'asks with everything -WhatIf shows: sha, subject, files, message and push target; No changes nothing' {
        $scenario = [FluxOps.Testing.FluxRepoScenario]::new('fleet')
        try {
            $null = [FluxOps.Testing.FluxFleet]::Seed($scenario)
            $bad = $scenario.Push('infra: lower redis maxmemory', (New-FileMap @{ 'infra/redis.yaml' = "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: redis}`ndata: {maxmemory: 64mb}`n" }))
            $clone = $scenario.NewClone($true)
            $before = $scenario.RemoteRefs
            $common = "Invoke-FluxRevert -Path '$($clone.Path)' -Sha $bad -Credential `$cred -Reason 'redis evicts sessions'"
            # Both wrap at 80 columns, each its own way: compare the words.
            $shown = Show-WhatIfAndConfirm -Command $common -User $scenario.Server.User -Password $scenario.Server.Password -WorkFolder $TestDrive
            $whatIf, $confirm = $shown.WhatIf, $shown.Confirm
            foreach ($fact in "Revert ""infra: lower redis maxmemory""", "This reverts commit $bad.", 'Files: infra/redis.yaml', 'push (fast-forward only) to origin/main', 'Reverted-by: FluxOps') {
                $whatIf | Should -Match ([regex]::Escape($fact)) -Because $whatIf
                $confirm | Should -Match ([regex]::Escape($fact)) -Because $confirm
            }
            $confirm | Should -Match 'Revert [0-9a-f]{40} and push to origin/main\?'
            $scenario.RemoteRefs | Should -Be $before
        }
        finally { $scenario.Dispose() }
    }
}
