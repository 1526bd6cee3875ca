# The panic button end to end in a real pwsh, against the installed module and the real git smart-HTTP server.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    Import-Module FluxOps -Force
}

Describe 'Get-FluxBadCommit | Invoke-FluxRevert' {
    BeforeEach {
        $scenario = [FluxOps.Testing.FluxRepoScenario]::new('fleet')
        $null = $scenario.Push('Initial', (New-FileMap @{ 'apps/web.yaml' = "image: ghcr.io/acme/web:1.3.0 # {`"`$imagepolicy`": `"flux-system:web`"}`n" }))
        $bad = $scenario.Push('Update from image update automation', (New-FileMap @{ 'apps/web.yaml' = "image: ghcr.io/acme/web:1.4.0 # {`"`$imagepolicy`": `"flux-system:web`"}`n" }))
        $clone = $scenario.NewClone($true)
        $credential = [pscredential]::new($scenario.Server.User, (ConvertTo-SecureString $scenario.Server.Password -AsPlainText -Force))
    }
    AfterEach { $scenario.Dispose() }

    It 'finds the commit from a Flux revision and pushes exactly one revert' {
        Push-Location $clone.Path
        try {
            $result = Get-FluxBadCommit -Revision "main@sha1:$bad" | Invoke-FluxRevert -Credential $credential -Reason 'HealthCheckFailed' -Confirm:$false
        }
        finally { Pop-Location }

        $result.Pushed | Should -BeTrue
        $result.RevertedSha | Should -Be $bad
        $result.RevertSha | Should -Be $scenario.RemoteHead
        $result.BadImages | Should -Be @('ghcr.io/acme/web:1.4.0')
        $scenario.RemoteIsAncestor($bad, 'main') | Should -BeTrue
        $scenario.RemoteFile('main', 'apps/web.yaml') | Should -Match 'web:1\.3\.0 # \{"\$imagepolicy-paused-by-fluxops": "flux-system:web"\}'
        $scenario.RemoteMessage('main') | Should -Match "(?m)^Fluxops-Reverts: $bad$"
    }

    It 'reports Skipped the second time instead of reverting twice' {
        $first = Invoke-FluxRevert $bad -Path $clone.Path -Credential $credential -Confirm:$false
        $second = Invoke-FluxRevert $bad -Path $clone.Path -Credential $credential -Confirm:$false

        $first.Pushed | Should -BeTrue
        $second.Skipped | Should -BeTrue
        $second.SkipReason | Should -Match "already reverted by $($first.RevertSha.Substring(0, 7))"
        $scenario.RemoteHead | Should -Be $first.RevertSha
    }

    It 'reads through a cache clone when there is no clone, and never prints the password' {
        $cache = Join-Path ([IO.Path]::GetTempPath()) "fluxops-cache-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        try {
            $all = Get-FluxBadCommit -RepositoryUrl $scenario.Url -Credential $credential -CachePath $cache -ImageAutomation -Verbose 4>&1 2>&1 | Out-String
            $found = Get-FluxBadCommit -RepositoryUrl $scenario.Url -Credential $credential -CachePath $cache -ImageAutomation
            $found.Sha | Should -Be $bad
            $found.Repository | Should -BeLike "$cache*"
            $all | Should -Not -Match ([regex]::Escape($scenario.Server.Password))

            $result = $found | Invoke-FluxRevert -Credential $credential -AuthorName 'FluxOps runbook' -AuthorEmail 'runbook@example.test' -Confirm:$false
            $result.Pushed | Should -BeTrue
            $scenario.Git('log', '-1', '--format=%an', 'main') | Should -Be 'FluxOps runbook'
        }
        finally { Remove-Item -Recurse -Force $cache -ErrorAction SilentlyContinue }
    }

    It '-WhatIf prints the revert and changes nothing' {
        $before = $scenario.RemoteRefs
        $localBefore = $clone.Git('for-each-ref')
        $text = Invoke-FreshPwsh -Command "Import-Module FluxOps; `$c = [pscredential]::new('$($scenario.Server.User)', (ConvertTo-SecureString '$($scenario.Server.Password)' -AsPlainText -Force)); Invoke-FluxRevert $bad -Path '$($clone.Path)' -Credential `$c -WhatIf"

        $text.Text | Should -Match '(?s)What if: .*Revert "Update from image update automation"'
        $text.Text | Should -Match "Fluxops-Reverts: $bad"
        $scenario.RemoteRefs | Should -Be $before
        $clone.Git('for-each-ref') | Should -Be $localBefore
    }
}
