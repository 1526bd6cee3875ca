# The in-cluster receiver manifests, validated offline: kubectl renders them, and the rendered objects carry what
# a safe two-replica receiver needs. (No cluster exists here, so server-side and client dry-runs cannot run.)
BeforeAll {
    $repoRoot = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Add-Type -Path $env:FLUXOPS_OTHER_YAMLDOTNET
    function ConvertFrom-YamlDocuments([string] $Text) {
        # kubectl kustomize separates documents with a bare '---' line.
        $deserializer = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build()
        $documents = [System.Collections.Generic.List[object]]::new()
        foreach ($document in $Text -split '(?m)^---\s*$') {
            if ($document.Trim()) { $documents.Add($deserializer.Deserialize[object]($document)) }
        }
        , $documents
    }
    $rendered = (& kubectl kustomize (Join-Path $repoRoot 'deploy') 2>&1) -join "`n"
    $kustomizeExit = $LASTEXITCODE
    $objects = if ($kustomizeExit -eq 0) { ConvertFrom-YamlDocuments $rendered } else { @() }
    $deployment = $objects | Where-Object { $_['kind'] -eq 'Deployment' }
}

Describe 'deploy/ manifests' {
    It 'render with kubectl kustomize' {
        $kustomizeExit | Should -Be 0 -Because $rendered
        ($objects | ForEach-Object { $_['kind'] }) | Should -Be @('Namespace', 'ServiceAccount', 'Service', 'Deployment', 'PodDisruptionBudget')
        $objects | Where-Object { $_['kind'] -ne 'Namespace' } | ForEach-Object { $_['metadata']['namespace'] | Should -Be 'fluxops-system' }
    }

    It 'run two non-root replicas with a read-only root filesystem' {
        $deployment['spec']['replicas'] | Should -Be '2'
        $pod = $deployment['spec']['template']['spec']
        $pod['securityContext']['runAsNonRoot'] | Should -Be 'true'
        $pod['automountServiceAccountToken'] | Should -Be 'false'
        $container = $pod['containers'][0]
        $container['securityContext']['readOnlyRootFilesystem'] | Should -Be 'true'
        $container['securityContext']['allowPrivilegeEscalation'] | Should -Be 'false'
        $container['securityContext']['capabilities']['drop'] | Should -Contain 'ALL'
        ($pod['volumes'] | ForEach-Object { $_['name'] }) | Should -Contain 'tmp'
    }

    It 'probe /healthz and set resource limits' {
        $container = $deployment['spec']['template']['spec']['containers'][0]
        $container['readinessProbe']['httpGet']['path'] | Should -Be '/healthz'
        $container['livenessProbe']['httpGet']['path'] | Should -Be '/healthz'
        $container['resources']['limits']['memory'] | Should -Not -BeNullOrEmpty
        $container['resources']['limits']['cpu'] | Should -Not -BeNullOrEmpty
    }

    It 'take the HMAC token and git credentials from Secrets, never inline' {
        $variables = $deployment['spec']['template']['spec']['containers'][0]['env']
        $token = $variables | Where-Object { $_['name'] -eq 'FLUXOPS_HMAC_TOKEN' }
        $token['valueFrom']['secretKeyRef']['name'] | Should -Be 'fluxops-receiver'
        $variables | Where-Object { $_['name'] -match 'TOKEN|PASSWORD' } | ForEach-Object { $_.ContainsKey('value') | Should -BeFalse -Because $_['name'] }
    }

    It 'route the Service to the receiver port' {
        $service = $objects | Where-Object { $_['kind'] -eq 'Service' }
        $service['spec']['ports'][0]['targetPort'] | Should -Be 'http'
        $service['spec']['selector']['app.kubernetes.io/name'] | Should -Be $deployment['spec']['template']['metadata']['labels']['app.kubernetes.io/name']
    }
}

Describe 'deploy/modes' {
    BeforeAll {
        function Get-RenderedReceiver([string[]] $Patches) {
            $copy = Join-Path $TestDrive ([guid]::NewGuid())
            Copy-Item -Recurse (Join-Path $repoRoot 'deploy') $copy
            Add-Content (Join-Path $copy 'kustomization.yaml') ("patches:`n" + (($Patches | ForEach-Object { "  - path: modes/$_.yaml" }) -join "`n"))
            $text = (& kubectl kustomize $copy 2>&1) -join "`n"
            $LASTEXITCODE | Should -Be 0 -Because $text
            $variables = @{}
            foreach ($variable in ((ConvertFrom-YamlDocuments $text) | Where-Object { $_['kind'] -eq 'Deployment' })['spec']['template']['spec']['containers'][0]['env']) {
                $variables[$variable['name']] = if ($variable.ContainsKey('value')) { $variable['value'] } else { 'secret:' + $variable['valueFrom']['secretKeyRef']['name'] }
            }
            $variables
        }
    }

    It 'switch the receiver to pull requests' {
        $variables = Get-RenderedReceiver 'pull-request'
        $variables['FLUXOPS_PULL_REQUEST'] | Should -Be 'true'
        $variables['FLUXOPS_GIT_URL'] | Should -Not -BeNullOrEmpty
    }

    It 'switch the receiver to REST mode with the token from the Secret, and combine with pull requests' {
        $variables = Get-RenderedReceiver 'rest', 'pull-request'
        $variables.ContainsKey('FLUXOPS_GIT_URL') | Should -BeFalse
        $variables['FLUXOPS_REPOSITORY'] | Should -Be 'acme/gitops'
        $variables['FLUXOPS_PROVIDER'] | Should -Be 'GitHub'
        $variables['FLUXOPS_GIT_TOKEN'] | Should -Be 'secret:fluxops-git'
        $variables['FLUXOPS_PULL_REQUEST'] | Should -Be 'true'
    }
}

Describe 'deploy/start-receiver.ps1' {
    It 'runs REST mode with pull requests from its environment and proposes a failing commit once' {
        Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
        $scenario = [FluxOps.Testing.FluxRepoScenario]::new('fleet')
        $host_ = [FluxOps.Testing.FakeGitHostServer]::new($scenario.BarePath, 'deploy-test-token-91c')
        $receiver = $null
        try {
            $null = $scenario.Push('Add web', (New-FileMap @{ 'apps/web.yaml' = "image: ghcr.io/acme/web:1.0.0`n" }))
            $bad = $scenario.Push('Bump web', (New-FileMap @{ 'apps/web.yaml' = "image: ghcr.io/acme/web:2.0.0`n" }))
            $port = [FluxOps.Testing.FreePort]::Next()
            $environment = [System.Collections.Generic.Dictionary[string, string]]::new()
            @{ FLUXOPS_PORT = "$port"; FLUXOPS_ADDRESS = '127.0.0.1'; FLUXOPS_HMAC_TOKEN = 'deploy-hmac'; FLUXOPS_PROVIDER = 'GitHub'
                FLUXOPS_REPOSITORY = 'acme/fleet'; FLUXOPS_API_URL = $host_.GitHubApiUrl; FLUXOPS_GIT_TOKEN = 'deploy-test-token-91c'; FLUXOPS_PULL_REQUEST = 'true'
                FLUXOPS_COOLDOWN = '00:00:00' }.GetEnumerator() | ForEach-Object { $environment[$_.Key] = $_.Value }
            $receiver = [FluxOps.Testing.PwshProcess]::Start("& '$(Join-Path $repoRoot 'deploy/start-receiver.ps1')'", $environment)
            [FluxOps.Testing.Wait]::ForPort($port, $receiver, 'start-receiver.ps1', [timespan]::FromSeconds(60))
            $body = '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","uid":"u1","apiVersion":"kustomize.toolkit.fluxcd.io/v1"},"severity":"error","timestamp":"' +
                [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ') + '","message":"health check failed","reason":"HealthCheckFailed","metadata":{"revision":"main@sha1:' + $bad + '"},"reportingController":"kustomize-controller"}'
            $hmac = [System.Security.Cryptography.HMACSHA256]::new([Text.Encoding]::UTF8.GetBytes('deploy-hmac'))
            $signature = 'sha256=' + [Convert]::ToHexString($hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes($body))).ToLowerInvariant()
            $response = Invoke-WebRequest -Uri "http://127.0.0.1:$port/hooks/flux" -Method Post -Body $body -ContentType 'application/json' -Headers @{ 'X-Signature' = $signature } -SkipHttpErrorCheck
            $response.StatusCode | Should -Be 202
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ($host_.OpenedPullRequests.Count -eq 0 -and [DateTime]::UtcNow -lt $deadline -and -not $receiver.HasExited) { Start-Sleep -Milliseconds 200 }

            $host_.OpenedPullRequests.Count | Should -Be 1 -Because $receiver.Output
            $host_.OpenedPullRequests[0].Head | Should -Be "fluxops/revert-$($bad.Substring(0, 7))"
            $scenario.RemoteHead | Should -Be $bad
            $receiver.Output | Should -Not -Match 'deploy-test-token-91c'
        }
        finally {
            if ($receiver) { $receiver.Dispose() }
            $host_.Dispose()
            $scenario.Dispose()
        }
    }
}

Describe 'deploy/flux/alert.yaml' {
    It 'is exactly what New-FluxRollbackAlert writes for the documented command, without the Secret' {
        Import-Module FluxOps
        $generated = New-FluxRollbackAlert -Address 'http://fluxops-receiver.fluxops-system.svc.cluster.local/hooks/flux' -Kustomization apps -HelmRelease '*' `
            -Secret (ConvertTo-SecureString 'unused' -AsPlainText -Force)
        $documents = ($generated -join "`n") -split '(?m)^---\s*$'
        $committed = (Get-Content (Join-Path $repoRoot 'deploy/flux/alert.yaml') | Where-Object { $_ -notmatch '^#' }) -join "`n"
        $committed.Trim() | Should -Be ((($documents | Select-Object -Skip 1 | ForEach-Object Trim) -join "`n---`n") -replace "`r", '')
        $committed | Should -Not -Match 'kind: Secret'
    }
}
