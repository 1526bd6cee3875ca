# Get-Help -Online from the installed module in a fresh pwsh: the browser is a stand-in xdg-open on PATH that writes
# down the address .NET asks it to open.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestFixtures.psm1') -Force
    $bin = Join-Path $TestDrive 'bin'
    New-Item -ItemType Directory -Force $bin | Out-Null
    $opened = Join-Path $TestDrive 'opened.txt'
    Set-Content -Path (Join-Path $bin 'xdg-open') -Value "#!/bin/sh`necho `"`$1`" >> '$opened'`n"
    chmod +x (Join-Path $bin 'xdg-open')
}

Describe 'Get-Help -Online' {
    It 'opens the cmdlet''s page in docs/cmdlets' -ForEach @('Test-ImageTag', 'Invoke-FluxRollback') {
        Remove-Item -Force -ErrorAction SilentlyContinue $opened
        $result = Invoke-FreshPwsh "`$env:PATH = '$bin' + [IO.Path]::PathSeparator + `$env:PATH; Import-Module FluxOps; Get-Help $_ -Online; Start-Sleep -Milliseconds 500"
        $result.ExitCode | Should -Be 0 -Because $result.Text
        Get-Content $opened | Should -Be "https://github.com/fluxops/fluxops/blob/main/docs/cmdlets/$_.md"
        Test-Path (Join-Path $PSScriptRoot "../../docs/cmdlets/$_.md") | Should -BeTrue
    }
}
