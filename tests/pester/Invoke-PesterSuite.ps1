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
