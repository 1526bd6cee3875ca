# The pre-push pipeline: Get-ChangedImages | Test-ImageTag against the real registry fixture.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    Import-Module FluxOps -Force
}

Describe 'Get-ChangedImages | Test-ImageTag' {
    It 'finds the changed image that is missing from the registry and passes the ones that exist' {
        $registry = Start-TestRegistry
        $work = New-TestWorkTree
        try {
            $null = Push-TestImage -Registry $registry -Repository 'acme/web' -Tag '1.0.0'
            $null = Push-TestImage -Registry $registry -Repository 'acme/web' -Tag '1.1.0'
            $deployment = "apiVersion: apps/v1`nkind: Deployment`nmetadata: {name: web}`nspec:`n  template:`n    spec:`n      containers:`n        - name: app`n          image: $($registry.Host)/acme/web:1.0.0`n"
            $null = $work.Commit('base', (New-FileMap @{ 'apps/web.yaml' = $deployment }))
            $base = $work.Head
            $null = $work.Commit('bump', (New-FileMap @{
                        'apps/web.yaml'          = $deployment.Replace('web:1.0.0', 'web:1.1.0')
                        'apps/prod/values.yaml' = "image:`n  registry: $($registry.Host)`n  repository: acme/api`n  tag: 9.9.9`n"
                    }))

            $results = @(Get-ChangedImages -Path $work.Path -Base $base | Test-ImageTag)

            $results.Count | Should -Be 2
            $found = $results | Where-Object Image -EQ "$($registry.Host)/acme/web:1.1.0"
            "$($found.Status)" | Should -Be 'Exists'
            $found.File | Should -Be 'apps/web.yaml'
            $found.Line | Should -Be 9
            $missing = $results | Where-Object Image -EQ "$($registry.Host)/acme/api:9.9.9"
            "$($missing.Status)" | Should -Be 'NotFound'
            $missing.File | Should -Be 'apps/prod/values.yaml'
            $missing.Line | Should -Be 2
        }
        finally {
            $work.Dispose()
            $registry.Dispose()
        }
    }
}
