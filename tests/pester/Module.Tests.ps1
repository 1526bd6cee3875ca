# The module as users get it: installed from a PSResource repository, imported in a fresh pwsh.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    $manifest = Get-Module -ListAvailable FluxOps | Sort-Object Version -Descending | Select-Object -First 1
}

Describe 'Installed FluxOps module' {
    It 'is installed from the repository with its manifest metadata' {
        $manifest | Should -Not -BeNullOrEmpty
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
        $manifest.PrivateData.PSData.Tags | Should -Contain 'FluxCD'
        Test-Path (Join-Path $manifest.ModuleBase 'Dependencies/FluxOps.Core.dll') | Should -BeTrue
        Test-Path (Join-Path $manifest.ModuleBase 'FluxOps.Core.dll') | Should -BeFalse -Because 'isolated assemblies must stay out of the default probing path'
    }

    It 'ships native libgit2 for every supported platform' {
        foreach ($rid in 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'osx-x64', 'osx-arm64', 'win-x64', 'win-arm64') {
            Get-ChildItem (Join-Path $manifest.ModuleBase "Dependencies/runtimes/$rid/native") -File | Should -Not -BeNullOrEmpty -Because $rid
        }
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $result = Invoke-FreshPwsh 'Import-Module FluxOps; (Get-Command -Module FluxOps).Name | Sort-Object'
        $result.ExitCode | Should -Be 0
        $result.Output | Should -Be @($manifest.ExportedCmdlets.Keys | Sort-Object)
    }

    It 'shows the libgit2 version from Get-FluxOpsEnvironment in a fresh pwsh' {
        $result = Invoke-FreshPwsh 'Import-Module FluxOps; $e = Get-FluxOpsEnvironment; "$($e.LibGit2Version)|$($e.ModuleVersion)|$($e.RuntimeIdentifier)"'
        $result.ExitCode | Should -Be 0 -Because $result.Text
        $version, $moduleVersion, $rid = $result.Output[-1] -split '\|'
        $version | Should -Match '^libgit2 [0-9a-f]{7}'
        $moduleVersion | Should -Be $manifest.Version.ToString()
        $rid | Should -Match '^(linux|osx|win)-'
    }

    It 'lets users name the pipeline types' {
        $result = Invoke-FreshPwsh 'Import-Module FluxOps; (Get-FluxOpsEnvironment) -is [FluxOps.Models.FluxOpsEnvironment]; [FluxOps.Models.BadCommit]::new().GetType().FullName'
        $result.Output | Should -Be @('True', 'FluxOps.Models.BadCommit')
    }
}

Describe 'Dependency isolation' {
    It 'works when another YamlDotNet is loaded first' {
        $other = $env:FLUXOPS_OTHER_YAMLDOTNET
        $result = Invoke-FreshPwsh @"
Add-Type -Path '$other'
`$before = [YamlDotNet.Serialization.Deserializer]::new().Deserialize[object]('a: 1')['a']
Import-Module FluxOps
`$e = Get-FluxOpsEnvironment
`$after = [YamlDotNet.Serialization.Deserializer]::new().Deserialize[object]('b: 2')['b']
"`$before|`$after|`$(`$e.YamlDotNetVersion)|`$([YamlDotNet.Serialization.Deserializer].Assembly.GetName().Version)"
"@
        $result.ExitCode | Should -Be 0 -Because $result.Text
        $before, $after, $ours, $theirs = $result.Output[-1] -split '\|'
        $before | Should -Be '1'
        $after | Should -Be '2'
        $ours | Should -BeLike '16.*'
        $theirs | Should -BeLike '13.*'
    }

    It 'works when another YamlDotNet is loaded after FluxOps' {
        $other = $env:FLUXOPS_OTHER_YAMLDOTNET
        $result = Invoke-FreshPwsh @"
Import-Module FluxOps
`$e = Get-FluxOpsEnvironment
Add-Type -Path '$other'
`$value = [YamlDotNet.Serialization.Deserializer]::new().Deserialize[object]('c: 3')['c']
"`$value|`$(`$e.YamlDotNetVersion)|`$([YamlDotNet.Serialization.Deserializer].Assembly.GetName().Version)"
"@
        $result.ExitCode | Should -Be 0 -Because $result.Text
        $value, $ours, $theirs = $result.Output[-1] -split '\|'
        $value | Should -Be '3'
        $ours | Should -BeLike '16.*'
        $theirs | Should -BeLike '13.*'
    }
}

Describe 'Help' {
    BeforeAll {
        Import-Module FluxOps -Force
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters
    }

    It 'has full help for <_>' -ForEach @((Get-Module -ListAvailable FluxOps | Sort-Object Version -Descending | Select-Object -First 1).ExportedCmdlets.Keys) {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$_\s*(\[|$)" -Because 'a synopsis that only repeats the syntax means the MAML file was not found'
        ($help.Description.Text -join '') | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        foreach ($parameter in (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common }) {
            $described = $help.Parameters.Parameter | Where-Object Name -eq $parameter
            ($described.Description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$parameter needs help"
        }
    }

    It 'has about_FluxOps' {
        (Get-Help about_FluxOps | Out-String) | Should -Match 'Panic button|PANIC BUTTON'
    }
}

Describe 'PowerShellGet v2 compatibility' {
    It 'installs the same package with Install-Module' {
        $repo = $env:FLUXOPS_PACKAGE_REPOSITORY
        $name = "FluxOpsV2$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $target = Join-Path ([IO.Path]::GetTempPath()) $name
        $result = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Register-PSRepository -Name $name -SourceLocation '$repo' -InstallationPolicy Trusted
try {
    Install-Module FluxOps -Repository $name -Scope CurrentUser -Force -AllowClobber
    Save-Module FluxOps -Repository $name -Path '$target' -Force
} finally { Unregister-PSRepository -Name $name }
Import-Module '$target/FluxOps' -Force
(Get-FluxOpsEnvironment).LibGit2Version
"@
        try {
            $result.ExitCode | Should -Be 0 -Because $result.Text
            $result.Output[-1] | Should -Match '^libgit2 '
            Test-Path (Join-Path $target 'FluxOps/*/Dependencies/runtimes/linux-x64/native') | Should -BeTrue
        }
        finally { Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $target }
    }
}
