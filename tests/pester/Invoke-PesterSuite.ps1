<#
.SYNOPSIS
    Runs the Pester suite the way a user meets FluxOps: installs the published .nupkg from a local
    PSResource repository with Install-PSResource, then runs tests/pester/*.Tests.ps1 against it.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepositoryPath,
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $TestingAssembly,
    [Parameter(Mandatory)] [string] $OtherYamlDotNet,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SummaryPath
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# PSResourceGet keeps its settings under LocalApplicationData, which .NET reports as "" when the folder does not
# exist (pwsh only creates it itself when XDG_DATA_HOME is unset); PSResourceGet then writes
# PSResourceGet/PSResourceRepository.xml relative to the current folder. Create it, and refuse to go on without it.
$dataFolder = [Environment]::GetFolderPath([Environment+SpecialFolder]::LocalApplicationData, [Environment+SpecialFolderOption]::Create)
if (-not $dataFolder) { throw 'No LocalApplicationData folder (check HOME and XDG_DATA_HOME): PSResourceGet would write into the current folder.' }

# Registrations persist per user: use a throwaway name and always unregister.
$repositoryName = "FluxOpsTest$([guid]::NewGuid().ToString('N').Substring(0, 8))"
Register-PSResourceRepository -Name $repositoryName -Uri $RepositoryPath -Trusted
try {
    Install-PSResource -Name FluxOps -Repository $repositoryName -TrustRepository -Reinstall -Scope CurrentUser -Quiet
}
finally {
    Unregister-PSResourceRepository -Name $repositoryName
}
$installed = Get-Module -ListAvailable FluxOps | Sort-Object Version -Descending | Select-Object -First 1
Write-Host "    installed FluxOps $($installed.Version) at $($installed.ModuleBase)"

$env:FLUXOPS_TESTING_DLL = $TestingAssembly
$env:FLUXOPS_PACKAGE_REPOSITORY = $RepositoryPath
$env:FLUXOPS_OTHER_YAMLDOTNET = $OtherYamlDotNet
Import-Module $PesterManifest -Force

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'JUnitXml'
$config.TestResult.OutputPath = $ResultPath
$run = Invoke-Pester -Configuration $config

[pscustomobject]@{
    Passed  = $run.PassedCount
    Failed  = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount
    Skipped = $run.SkippedCount + $run.NotRunCount
} | ConvertTo-Json | Set-Content -Path $SummaryPath
