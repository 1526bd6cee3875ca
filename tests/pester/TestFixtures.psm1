# Pester-side access to the same real-component fixtures the xunit suites use (tests/FluxOps.Testing).
Set-StrictMode -Version Latest
if (-not $env:FLUXOPS_TESTING_DLL) { throw 'FLUXOPS_TESTING_DLL is not set: run the suite through ./build.ps1 -Task Test.' }
Add-Type -Path $env:FLUXOPS_TESTING_DLL

function Start-TestRegistry {
    <# A real docker-registry on a free loopback port; -User/-Password turn on Basic auth, -Address '::1' listens on IPv6. Dispose() stops it. #>
    param([string] $User, [string] $Password, [string] $Address)
    $auth = if ($User) { [FluxOps.Testing.RegistryAuth]::Basic($User, $Password) } else { $null }
    # [NullString]: PowerShell would pass $null to a .NET string parameter as "".
    [FluxOps.Testing.RegistryServer]::new($auth, [NullString]::Value, $(if ($Address) { $Address } else { [NullString]::Value }))
}

function Push-TestImage {
    <# Pushes a fresh one-layer image and returns its digest. #>
    param([Parameter(Mandatory)] $Registry, [Parameter(Mandatory)] [string] $Repository, [Parameter(Mandatory)] [string] $Tag)
    $pusher = [FluxOps.Testing.ImagePusher]::new($Registry)
    try { $pusher.PushImageAsync($Repository, $Tag, 'amd64', 'linux').GetAwaiter().GetResult() } finally { $pusher.Dispose() }
}

function Start-TestGitServer {
    <# A real nginx + git-http-backend smart-HTTP server with Basic auth. Dispose() stops it. #>
    param([string] $User = 'flux', [string] $Password)
    [FluxOps.Testing.GitHttpServer]::new($User, $Password)
}

function New-TestWorkTree {
    <# A throwaway git repository (non-bare) driven by the real git CLI. #>
    [FluxOps.Testing.GitWorkTree]::new('main')
}

function New-FileMap {
    <# A Dictionary[string,string] of relative path -> content for GitWorkTree.Commit. #>
    param([Parameter(Mandatory)] [hashtable] $Files)
    $map = [System.Collections.Generic.Dictionary[string, string]]::new()
    foreach ($key in $Files.Keys) { $map[$key] = $Files[$key] }
    , $map
}

function Invoke-FreshPwsh {
    <# Runs a command in a new pwsh process (no profile, non-interactive); returns output lines and exit code. #>
    param([Parameter(Mandatory)] [string] $Command)
    $dll = Join-Path $PSHOME 'pwsh.dll'
    $self = [Environment]::ProcessPath
    [string[]] $prefix = if ((Split-Path -Leaf $self) -match '^pwsh(\.exe)?$') { @() } else { @($dll) }
    $output = & $self @prefix -NoProfile -NonInteractive -Command $Command 2>&1
    [pscustomobject]@{ Output = @($output | ForEach-Object { "$_" }); ExitCode = $LASTEXITCODE; Text = ($output | Out-String) }
}

Export-ModuleMember -Function Start-TestRegistry, Push-TestImage, Start-TestGitServer, New-TestWorkTree, New-FileMap, Invoke-FreshPwsh
