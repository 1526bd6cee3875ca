# A user's plain ConvertTo-Json writes FluxOps' enums by name, at every depth, from the installed module in a fresh
# pwsh — and the module ships no Newtonsoft.Json of its own (it uses PowerShell's).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    $registry = Start-TestRegistry
    $null = Push-TestImage -Registry $registry -Repository 'app' -Tag 'v1'
    $isolate = "`$env:DOCKER_CONFIG = '$TestDrive'; `$env:REGISTRY_AUTH_FILE = `$null; `$env:DOCKER_AUTH_CONFIG = `$null; `$env:GITHUB_ACTIONS = `$null; `$env:TF_BUILD = `$null;"
}
AfterAll { $registry.Dispose() }

Describe 'ConvertTo-Json' {
    It 'writes ImageCheckResult.Status by name' {
        $result = Invoke-FreshPwsh "$isolate Import-Module FluxOps; '$($registry.Host)/app:v1', '$($registry.Host)/app:nope' | Test-ImageTag | ConvertTo-Json -Compress"
        $result.ExitCode | Should -Be 0 -Because $result.Text
        $result.Text | Should -Match '"Status":"Exists"'
        $result.Text | Should -Match '"Status":"NotFound"'
        $result.Text | Should -Not -Match '"Status":\d'
    }

    It 'writes RollbackDecision.Outcome, .Reason and the nested Event.RevisionKind by name' {
        $scenario = [FluxOps.Testing.FluxRepoScenario]::new('fleet')
        try {
            $null = [FluxOps.Testing.FluxFleet]::Seed($scenario)
            $bad = $scenario.Push('Bump web to 2.0.0', (New-FileMap @{ 'apps/web.yaml' = [FluxOps.Testing.FluxFleet]::Web('2.0.0') }))
            $body = '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps"},"severity":"error","timestamp":"' +
                [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ') + '","message":"health check failed","reason":"HealthCheckFailed","metadata":{"revision":"main@sha1:' + $bad + '"}}'
            Set-Content -Path (Join-Path $TestDrive 'event.json') -Value $body -NoNewline
            $result = Invoke-FreshPwsh ("Import-Module FluxOps; `$c = [pscredential]::new('$($scenario.Server.User)', (ConvertTo-SecureString '$($scenario.Server.Password)' -AsPlainText -Force)); " +
                "`$env:XDG_CACHE_HOME = '$TestDrive/cache'; Get-Content -Raw '$TestDrive/event.json' | ConvertFrom-FluxEvent | " +
                "Invoke-FluxRollback -RepositoryUrl '$($scenario.Url)' -Credential `$c -WhatIf 3>`$null 6>`$null | ConvertTo-Json -Depth 3 -Compress")
            $result.ExitCode | Should -Be 0 -Because $result.Text
            $decision = ($result.Output | Where-Object { $_ -like '{*' }) -join ''
            $decision | Should -Match '"Outcome":"WouldRevert"' -Because $result.Text
            $decision | Should -Match '"Reason":"BadCommit"'
            $decision | Should -Match '"RevisionKind":"GitCommit"'
        }
        finally { $scenario.Dispose() }
    }

    It 'writes RevertRecord.Trigger of Get-FluxRevertHistory by name' {
        $scenario = [FluxOps.Testing.FluxRepoScenario]::new('fleet')
        try {
            $null = [FluxOps.Testing.FluxFleet]::Seed($scenario)
            $bad = $scenario.Push('Bump web to 2.0.0', (New-FileMap @{ 'apps/web.yaml' = [FluxOps.Testing.FluxFleet]::Web('2.0.0') }))
            $clone = $scenario.NewClone($true)
            $result = Invoke-FreshPwsh ("Import-Module FluxOps; `$c = [pscredential]::new('$($scenario.Server.User)', (ConvertTo-SecureString '$($scenario.Server.Password)' -AsPlainText -Force)); " +
                "`$null = Invoke-FluxRevert $bad -Path '$($clone.Path)' -Credential `$c -Confirm:`$false 6>`$null; Get-FluxRevertHistory -Path '$($clone.Path)' | ConvertTo-Json -Compress")
            $result.ExitCode | Should -Be 0 -Because $result.Text
            $result.Text | Should -Match '"Trigger":"Manual"' -Because $result.Text
        }
        finally { $scenario.Dispose() }
    }

    It 'comes from PowerShell''s own Newtonsoft.Json: the module ships none' {
        $result = Invoke-FreshPwsh 'Import-Module FluxOps; (Get-Module FluxOps).ModuleBase'
        @(Get-ChildItem -Recurse -Path $result.Output[-1] -Filter 'Newtonsoft.Json*.dll') | Should -BeNullOrEmpty
    }
}
