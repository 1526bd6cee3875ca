# Get-ChangedImages from the installed module, on a real git repository whose images live in the real registry fixture.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    Import-Module FluxOps -Force
}

Describe 'Get-ChangedImages' {
    BeforeAll {
        $registry = Start-TestRegistry
        $null = Push-TestImage -Registry $registry -Repository 'acme/web' -Tag '1.0.0'
        $null = Push-TestImage -Registry $registry -Repository 'acme/web' -Tag '1.1.0'
        $null = Push-TestImage -Registry $registry -Repository 'bitnami/redis' -Tag '7.10'
        $work = New-TestWorkTree
        $deployment = [FluxOps.Testing.SampleManifests]::ServiceAndDeployment("$($registry.Host)/acme/web:1.0.0", $null)
        $release = [FluxOps.Testing.SampleManifests]::HelmRelease($registry.Host, 'bitnami/redis', '7.2')
        $null = $work.Commit('base', (New-FileMap @{ 'apps/web.yaml' = $deployment; 'apps/cache.yaml' = $release }))
        $base = $work.Head
        $null = $work.Commit('bump', (New-FileMap @{
                    'apps/web.yaml'   = $deployment.Replace('web:1.0.0', 'web:1.1.0')
                    'apps/cache.yaml' = $release.Replace('tag: 7.2', 'tag: 7.10')
                    '.github/workflows/ci.yml' = "jobs: {}`n"
                }))
    }
    AfterAll {
        $work.Dispose()
        $registry.Dispose()
    }

    It 'reports each changed image with file, line and the previous reference' {
        $images = @(Get-ChangedImages -Path $work.Path -Base $base | Sort-Object File)

        $images.Count | Should -Be 2
        $images[0].Image | Should -Be "$($registry.Host)/bitnami/redis:7.10"
        $images[0].File | Should -Be 'apps/cache.yaml'
        $images[0].Line | Should -Be 7
        $images[0].Source | Should -Be 'HelmValues'
        $images[1].Image | Should -Be "$($registry.Host)/acme/web:1.1.0"
        $images[1].File | Should -Be 'apps/web.yaml'
        $images[1].Line | Should -Be 13
        $images[1].Column | Should -Be 18
        $images[1].Change | Should -Be 'Modified'
        $images[1].Previous | Should -Be "$($registry.Host)/acme/web:1.0.0"
        $images[1] | Should -BeOfType ([FluxOps.Models.ImageReference])
    }

    It 'reports images that really exist in the registry it names' {
        foreach ($image in Get-ChangedImages -Path $work.Path -Base $base) {
            $uri = "http://$($image.Registry)/v2/$($image.Repository)/manifests/$($image.Tag)"
            $response = Invoke-WebRequest -Method Head -Uri $uri -Headers @{ Accept = 'application/vnd.oci.image.manifest.v1+json' }
            $response.StatusCode | Should -Be 200
        }
    }

    It 'explains skipped files with -Verbose' {
        $verbose = Get-ChangedImages -Path $work.Path -Base $base -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match '\.github/workflows/ci\.yml: CI workflow file'
    }

    It 'stops with a clear error outside a git repository' {
        { Get-ChangedImages -Path ([System.IO.Path]::GetTempPath()) -ErrorAction Stop } |
            Should -Throw -ErrorId 'NotAGitRepository,FluxOps.PowerShell.Commands.GetChangedImagesCommand'
    }

    It 'has help with examples for GitHub Actions and Azure Pipelines' {
        $help = Get-Help Get-ChangedImages -Full
        ($help.examples.example.code -join "`n") | Should -Match 'fetch-depth: 0'
        ($help.examples.example.code -join "`n") | Should -Match 'fetchDepth: 0'
    }
}
