# Test-ImageTag names the nearest existing tags of a missing one: a fresh pwsh, the installed module, a real registry.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    Import-Module FluxOps -Force
    $registry = Start-TestRegistry
    foreach ($tag in '1.0.0', '1.1.0') { $null = Push-TestImage -Registry $registry -Repository 'acme/web' -Tag $tag }
    $image = "$($registry.Host)/acme/web"
}
AfterAll { $registry.Dispose() }

Describe 'Test-ImageTag on a missing tag' {
    It 'says which tags exist, newest first, in the result and in the CI gate error' {
        $run = Invoke-FreshPwsh -Command ("Import-Module FluxOps; try { '${image}:1.2.0', '${image}:1.1.0' | Test-ImageTag -Annotate None -FailOnMissing |" +
            " ForEach-Object { 'RESULT ' + `$_.Status + ' ' + `$_.Error } } catch { 'GATE ' + `$_.Exception.Message }")

        $run.Output | Should -Contain "RESULT NotFound acme/web:1.2.0 not found in $($registry.Host); newest: 1.1.0, 1.0.0."
        $run.Output | Should -Contain 'RESULT Exists '
        ($run.Output | Where-Object { $_ -like 'GATE *' }) | Should -Match ([regex]::Escape("${image}:1.2.0 (nearest tags: 1.1.0, 1.0.0)"))
    }

    It 'keeps quiet about tags with -NoTagList' {
        $result = Test-ImageTag "${image}:1.2.0" -Annotate None -NoTagList

        $result.Status | Should -Be 'NotFound'
        $result.NearestTags | Should -BeNullOrEmpty
        $result.Error | Should -Not -Match 'newest'
    }
}
