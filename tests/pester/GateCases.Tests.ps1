# Each case of issue 12 ("the gate checks exactly what Flux will deploy, and fails closed") as a user meets it: the
# installed module in real pwsh, on real git repositories, checked against a real docker-registry where a registry decides.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    Import-Module FluxOps -Force
    $registry = Start-TestRegistry
    $hostPort = $registry.Host
    $trees = [System.Collections.Generic.List[object]]::new()
    $isolate = "`$env:DOCKER_CONFIG = '$TestDrive'; `$env:REGISTRY_AUTH_FILE = `$null; `$env:DOCKER_AUTH_CONFIG = `$null; `$env:GITHUB_ACTIONS = `$null; `$env:TF_BUILD = `$null;"

    function New-Change([hashtable] $Before, [hashtable] $After) {
        <# A repository whose HEAD~1 holds $Before and HEAD adds or rewrites $After. #>
        $work = New-TestWorkTree
        $trees.Add($work)
        $null = $work.Commit('base', (New-FileMap $Before))
        $null = $work.Commit('change', (New-FileMap $After))
        $work
    }

    function Deployment([string] $Name, [string[]] $Images) {
        $containers = for ($i = 0; $i -lt $Images.Count; $i++) { "        - name: c$i`n          image: $($Images[$i])`n" }
        "apiVersion: apps/v1`nkind: Deployment`nmetadata: {name: $Name}`nspec:`n  template:`n    spec:`n      containers:`n$($containers -join '')"
    }

    function CronJob([string] $Name, [string] $Image) {
        "apiVersion: batch/v1`nkind: CronJob`nmetadata: {name: $Name}`nspec:`n  schedule: '* * * * *'`n  jobTemplate:`n    spec:`n      template:`n        spec:`n          containers:`n            - name: job`n              image: $Image`n"
    }

    function Get-Changed($Work) { @(Get-ChangedImages -Path $Work.Path -Base HEAD~1 | Sort-Object Image) }
}
AfterAll {
    foreach ($work in $trees) { $work.Dispose() }
    $registry.Dispose()
}

Describe 'Get-ChangedImages reports what Kustomize and Flux deploy' {
    It 'an images entry with only newName reports busybox:1.7.9 at the entry' {
        $work = New-Change @{ 'base/deploy.yaml' = (Deployment web 'nginx:1.7.9'); 'base/kustomization.yaml' = "resources: [deploy.yaml]`n"; 'prod/kustomization.yaml' = "resources: [../base]`n" } `
            @{ 'prod/kustomization.yaml' = "resources: [../base]`nimages:`n  - name: nginx`n    newName: busybox`n" }

        $image = Get-Changed $work
        $image.Count | Should -Be 1
        ($image[0].Image, $image[0].Previous, $image[0].File, $image[0].Line) | Should -Be @('busybox:1.7.9', 'nginx:1.7.9', 'prod/kustomization.yaml', 3)
    }

    It 'tagSuffix -alpine is reported as redis:6.2.6-alpine-alpine on a Deployment, as kubectl and Flux deploy it (Kustomize bug #4814), and once on a CronJob' {
        $work = New-Change @{ 'app/deploy.yaml' = (Deployment cache 'redis:6.2.6'); 'app/cron.yaml' = (CronJob warm 'redis:6.2.6'); 'app/kustomization.yaml' = "resources: [cron.yaml, deploy.yaml]`n" } `
            @{ 'app/kustomization.yaml' = "resources: [cron.yaml, deploy.yaml]`nimages:`n  - name: redis`n    tagSuffix: -alpine`n" }

        (Get-Changed $work).Image | Should -Be @('redis:6.2.6-alpine', 'redis:6.2.6-alpine-alpine')
    }

    It '-All reports the rendered image, not the base as written' {
        $work = New-Change @{ 'README.md' = "x`n" } @{ 'base/deploy.yaml' = (Deployment web 'nginx:1.7.9'); 'base/kustomization.yaml' = "resources: [deploy.yaml]`n"
            'prod/kustomization.yaml' = "resources: [../base]`nimages: [{name: nginx, newName: busybox}]`n" }

        @(Get-ChangedImages -Path $work.Path -All).Image | Should -Be @('busybox:1.7.9')
    }

    It 'newTag with digest keeps the tag, and the key spelled Digest: is read' {
        $digest = 'sha256:0b93a71fba1073c89264ec6145f0f849f7c14ac3cdb7131c2e5d813466d03c89'
        $work = New-Change @{ 'app/deploy.yaml' = (Deployment web 'ghcr.io/acme/web:1.0', 'ghcr.io/acme/api:1.0'); 'app/kustomization.yaml' = "resources: [deploy.yaml]`n" } `
            @{ 'app/kustomization.yaml' = "resources: [deploy.yaml]`nimages:`n  - name: ghcr.io/acme/web`n    newTag: '1.1'`n    digest: $digest`n  - name: ghcr.io/acme/api`n    Digest: $digest`n" }

        (Get-Changed $work).Image | Should -Be @("ghcr.io/acme/api@$digest", "ghcr.io/acme/web:1.1@$digest")
    }

    It 'a kustomization file named Kustomization (no extension) is read' {
        $work = New-Change @{ 'app/deploy.yaml' = (Deployment web 'ghcr.io/acme/web:1.0'); 'app/Kustomization' = "resources: [deploy.yaml]`n" } `
            @{ 'app/Kustomization' = "resources: [deploy.yaml]`nimages: [{name: ghcr.io/acme/web, newTag: '2.0'}]`n" }

        $image = Get-Changed $work
        ($image.Image, $image.File) | Should -Be @('ghcr.io/acme/web:2.0', 'app/Kustomization')
    }

    It 'a base that a Flux Kustomization applies directly is still checked as written; Flux spec.images apply last' {
        $flux = "apiVersion: kustomize.toolkit.fluxcd.io/v1`nkind: Kustomization`nmetadata: {name: NAME, namespace: flux-system}`nspec:`n  path: ./PATH`n"
        $work = New-Change @{ 'clusters/prod/prod.yaml' = $flux.Replace('NAME', 'prod').Replace('PATH', 'prod') } `
            @{ 'base/deploy.yaml' = (Deployment api 'api'); 'base/kustomization.yaml' = "resources: [deploy.yaml]`n"; 'prod/kustomization.yaml' = "resources: [../base]`n"
                'clusters/prod/prod.yaml' = $flux.Replace('NAME', 'prod').Replace('PATH', 'prod') + "  images:`n    - name: api`n      newName: ghcr.io/acme/api`n      newTag: '1.3'`n"
                'clusters/prod/raw.yaml' = $flux.Replace('NAME', 'raw').Replace('PATH', 'base') }

        $images = Get-Changed $work
        $images | ForEach-Object { "$($_.Image)|$($_.File)|$($_.ImpliesLatest)" } |
            Should -Be @('api|base/deploy.yaml|True', 'ghcr.io/acme/api:1.3|clusters/prod/prod.yaml|False')
    }

    It 'an images entry that matches no container reports nothing' {
        $work = New-Change @{ 'app/deploy.yaml' = (Deployment web 'ghcr.io/acme/web:1.0'); 'app/kustomization.yaml' = "resources: [deploy.yaml]`n" } `
            @{ 'app/kustomization.yaml' = "resources: [deploy.yaml]`nimages: [{name: ghcr.io/acme/unused, newTag: '9.9'}]`n" }

        Get-Changed $work | Should -BeNullOrEmpty
    }

    It 'a {{ }} inside a block scalar no longer hides the file''s images; a templated value alone is skipped with its line' {
        $otel = (Deployment otel 'otel/opentelemetry-collector-contrib:0.98.0', 'ghcr.io/acme/web:{{ .Values.tag }}') +
            "          command:`n            - /bin/sh`n            - -c`n            - |`n              sed `"s/{{PROJECT_ID}}/acme/`" in > out`n"
        $work = New-Change @{ 'README.md' = "x`n" } @{ 'apps/otel.yaml' = $otel }

        $verbose = @(Get-ChangedImages -Path $work.Path -Base HEAD~1 -Verbose 4>&1)
        @($verbose | Where-Object { $_ -is [FluxOps.Models.ImageReference] }).Image | Should -Be @('otel/opentelemetry-collector-contrib:0.98.0')
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" |
            Should -Match "apps/otel.yaml:\d+.*holds template syntax"
    }
}

Describe 'Get-ChangedImages | Test-ImageTag passes a correct change and checks every valid reference' {
    BeforeAll {
        foreach ($tag in '1.3', '1.4-rc1') { $null = Push-TestImage -Registry $registry -Repository 'acme/api' -Tag $tag }
    }

    It 'a new base image: api renamed by every overlay is checked only as rendered, never as api:latest, and the gate passes' {
        $work = New-Change @{ 'README.md' = "x`n" } @{ 'base/deploy.yaml' = (Deployment api 'api'); 'base/kustomization.yaml' = "resources: [deploy.yaml]`n"
            'staging/kustomization.yaml' = "resources: [../base]`nimages: [{name: api, newName: $hostPort/acme/api, newTag: '1.4-rc1'}]`n"
            'prod/kustomization.yaml' = "resources: [../base]`nimages: [{name: api, newName: $hostPort/acme/api, newTag: '1.3'}]`n" }

        $images = Get-Changed $work
        $images.Image | Should -Be @("$hostPort/acme/api:1.3", "$hostPort/acme/api:1.4-rc1")
        $images.ImpliesLatest | Should -Not -Contain $true
        $gate = Invoke-FreshPwsh "$isolate Import-Module FluxOps; Get-ChangedImages -Path '$($work.Path)' -Base HEAD~1 | Test-ImageTag -FailOnMissing | ForEach-Object { `"`$(`$_.Status) `$(`$_.Image)`" }"
        $gate.ExitCode | Should -Be 0 -Because $gate.Text
        $gate.Output | Should -Be @("Exists $hostPort/acme/api:1.3", "Exists $hostPort/acme/api:1.4-rc1")
    }

    It 'an IPv6 registry reference [::1]:port/acme/web:1.0 is kept by Get-ChangedImages and checked by Test-ImageTag' {
        $v6 = Start-TestRegistry -Address '::1'
        try {
            $null = Push-TestImage -Registry $v6 -Repository 'acme/web' -Tag '1.0'
            $work = New-Change @{ 'README.md' = "x`n" } @{ 'apps/web.yaml' = (Deployment web "'$($v6.Host)/acme/web:1.0'", "'$($v6.Host)/acme/web:2.0'") }

            $images = Get-Changed $work
            $images.Image | Should -Be @("$($v6.Host)/acme/web:1.0", "$($v6.Host)/acme/web:2.0")
            $images[0].Registry | Should -Be $v6.Host
            $gate = Invoke-FreshPwsh "$isolate Import-Module FluxOps; Get-ChangedImages -Path '$($work.Path)' -Base HEAD~1 | Test-ImageTag | ForEach-Object { `"`$(`$_.Status) `$(`$_.Image)`" }"
            $gate.Output | Should -Be @("Exists $($v6.Host)/acme/web:1.0", "NotFound $($v6.Host)/acme/web:2.0") -Because $gate.Text
        }
        finally { $v6.Dispose() }
    }

    It 'an invalid reference says "not a valid image reference:" and why, in Get-ChangedImages and in Test-ImageTag alike' {
        $work = New-Change @{ 'README.md' = "x`n" } @{ 'apps/web.yaml' = (Deployment web 'Acme/Web:1') }

        $notices = (Get-ChangedImages -Path $work.Path -Base HEAD~1 -WarningVariable warned -WarningAction SilentlyContinue | ForEach-Object { "$_" }) -join "`n"
        $why = "'Acme/Web:1' is not a valid image reference: the repository name 'Web' must be lower case"
        # A warning, not only a -Verbose line: Kubernetes could never pull it, so a CI log must show it.
        ($warned -join "`n") | Should -Match ([regex]::Escape($why))
        $notices | Should -Not -Match 'Acme/Web'
        $notices = ($warned -join "`n")
        $notices | Should -Not -Match 'placeholder'
        $checked = Invoke-FreshPwsh "$isolate Import-Module FluxOps; 'Acme/Web:1' | Test-ImageTag -FailOnMissing"
        $checked.ExitCode | Should -Not -Be 0
        $checked.Text | Should -Match ([regex]::Escape($why))
    }
}

Describe 'Get-ChangedImages fails closed and stays inside the repository' {
    It 'a changed manifest over 8 MiB fails the gate in pwsh -c; -SkipUnreadable goes on with a warning' {
        $huge = (Deployment web 'ghcr.io/acme/web:1.0') + ('#' + ('x' * 1023) + "`n") * 8300
        $work = New-Change @{ 'README.md' = "x`n" } @{ 'apps/huge.yaml' = $huge }

        $failed = Invoke-FreshPwsh "$isolate Import-Module FluxOps; Get-ChangedImages -Path '$($work.Path)' -Base HEAD~1 | Test-ImageTag -FailOnMissing; 'after'"
        $failed.ExitCode | Should -Be 1 -Because $failed.Text
        $failed.Text | Should -Match 'apps/huge.yaml'
        $failed.Text | Should -Match 'cap for manifests'
        $skipped = Invoke-FreshPwsh "$isolate Import-Module FluxOps; @(Get-ChangedImages -Path '$($work.Path)' -Base HEAD~1 -SkipUnreadable).Count"
        $skipped.ExitCode | Should -Be 0 -Because $skipped.Text
        $skipped.Text | Should -Match 'WARNING: apps/huge.yaml'
    }

    It '-IncludeWorkingTree reads neither a symlink out of the repository nor /dev/zero, and says so' {
        $work = New-Change @{ 'README.md' = "x`n" } @{ 'apps/web.yaml' = (Deployment web 'ghcr.io/acme/web:1.0'); 'apps/zero.yaml' = "a: 1`n"; 'apps/secret.yaml' = "a: 1`n" }
        $outside = Join-Path $TestDrive 'outside.yaml'
        Set-Content -Path $outside -Value (Deployment leak 'outside/secret:1')
        foreach ($link in @{ 'apps/zero.yaml' = '/dev/zero'; 'apps/secret.yaml' = $outside }.GetEnumerator()) {
            Remove-Item (Join-Path $work.Path $link.Key)
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $work.Path $link.Key) -Target $link.Value
        }

        # -SkipUnreadable turns the refusals into warnings here (without it they fail the gate, as the 8 MiB case shows).
        $warnings = $null
        $images = @(Get-ChangedImages -Path $work.Path -All -IncludeWorkingTree -SkipUnreadable -WarningAction SilentlyContinue -WarningVariable warnings)
        $images.Image | Should -Be @('ghcr.io/acme/web:1.0')
        $messages = @($warnings | ForEach-Object { "$_" }) -join "`n"
        $messages | Should -Match 'apps/secret.yaml.*outside the repository'
        $messages | Should -Match 'apps/zero.yaml.*outside the repository'
        $messages | Should -Not -Match 'outside/secret'
    }
}
