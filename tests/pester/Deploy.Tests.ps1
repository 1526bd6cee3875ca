# The in-cluster receiver manifests, validated offline: kubectl renders them, and the rendered objects carry what
# a safe two-replica receiver needs. (No cluster exists here, so server-side and client dry-runs cannot run.)
BeforeAll {
    $repoRoot = Resolve-Path (Join-Path $PSScriptRoot '../..')
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
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

Describe 'deploy/flux/alert.yaml' {
    It 'is exactly what New-FluxRollbackAlert writes for the documented command, without the Secret' {
        Import-Module FluxOps
        $generated = New-FluxRollbackAlert -Address 'http://fluxops-receiver.fluxops-system.svc.cluster.local/hooks/flux' -Kustomization apps -HelmRelease 'apps/*' `
            -Secret (ConvertTo-SecureString 'unused' -AsPlainText -Force)
        $documents = ($generated -join "`n") -split '(?m)^---\s*$'
        $committed = (Get-Content (Join-Path $repoRoot 'deploy/flux/alert.yaml') | Where-Object { $_ -notmatch '^#' }) -join "`n"
        $committed.Trim() | Should -Be ((($documents | Select-Object -Skip 1 | ForEach-Object Trim) -join "`n---`n") -replace "`r", '')
        $committed | Should -Not -Match 'kind: Secret'
    }
}

Describe 'deploy/ sends and acts on the same objects, and keeps the clone on the cache volume' {
    It 'the Alert sends exactly the objects the receiver acts for (FLUXOPS_INCLUDE)' {
        $variables = $deployment['spec']['template']['spec']['containers'][0]['env']
        $include = (($variables | Where-Object { $_['name'] -eq 'FLUXOPS_INCLUDE' })['value'] -split ',') | Sort-Object
        $alert = (ConvertFrom-YamlDocuments (Get-Content -Raw (Join-Path $repoRoot 'deploy/flux/alert.yaml'))) | Where-Object { $_['kind'] -eq 'Alert' }
        # A source without a namespace is in the Alert's namespace, as notification-controller reads it.
        $sources = $alert['spec']['eventSources'] | ForEach-Object {
            $namespace = if ($_.ContainsKey('namespace')) { $_['namespace'] } else { $alert['metadata']['namespace'] }
            "$($_['kind'])/$namespace/$($_['name'])"
        } | Sort-Object
        $sources | Should -Be $include
    }

    It 'the image points FLUXOPS_CACHE at the mounted cache volume, not /tmp' {
        $cache = (Select-String -Path (Join-Path $repoRoot 'deploy/Dockerfile') -Pattern 'FLUXOPS_CACHE=(\S+)').Matches[0].Groups[1].Value
        $mounts = $deployment['spec']['template']['spec']['containers'][0]['volumeMounts']
        ($mounts | Where-Object { $_['mountPath'] -eq $cache })['name'] | Should -Be 'cache'
        $cache | Should -Not -BeLike '/tmp*'
    }

    It 'FluxOps keeps the -RepositoryUrl clone under FLUXOPS_CACHE' {
        $server = Start-TestGitServer -Password 'cache-pass'
        try {
            $null = $server.CreateBareRepository('fleet')
            $tree = New-TestWorkTree
            $null = $tree.Commit('Initial', (New-FileMap @{ 'apps/web.yaml' = "replicas: 1`n" }))
            $tree.Git('push', '-q', $server.AuthenticatedUrlFor('fleet'), 'main') | Out-Null
            $cache = Join-Path $TestDrive 'volume'
            $result = Invoke-FreshPwsh ("`$env:FLUXOPS_CACHE = '$cache'; `$env:XDG_CACHE_HOME = '$TestDrive/xdg'; Import-Module FluxOps; " +
                "`$c = [pscredential]::new('flux', (ConvertTo-SecureString 'cache-pass' -AsPlainText -Force)); " +
                "(Get-FluxBadCommit -RepositoryUrl '$($server.UrlFor('fleet'))' -Credential `$c -First 1).Subject")
            $result.Output | Should -Be @('Initial') -Because $result.Text
            @(Get-ChildItem (Join-Path $cache 'repos') -Directory).Count | Should -Be 1
            Test-Path "$TestDrive/xdg/fluxops" | Should -BeFalse
        }
        finally { $server.Dispose() }
    }
}
