#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, lays out, packages, tests and benchmarks the FluxOps module.
.DESCRIPTION
    Tasks (several allowed, run in the order given, each once with its prerequisites):
      Clean    remove out/ and bin/obj folders
      Build    dotnet build (Release)
      Module   lay out out/FluxOps/<version>/ (psd1, dlls, format, MAML help, Dependencies/, native libgit2)
      Package  publish the module as a .nupkg into the local folder repository out/repo
      Test     dotnet format check, xunit suites and Pester against the installed package;
               ends with one line "Tests: N passed, N failed, N skipped"
      Bench    run the benchmarks in bench/ against their peers
      Docs     regenerate docs/cmdlets/ from module/docs/ (the help source)
      Demo     the main job: install the package and run the demo against a local registry and git server
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    # "-Task Build,Test" arrives as one string when build.ps1 runs with -File, so commas are split below.
    [string[]] $Task = @('Build', 'Module'),
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'build/FluxOps.Build.psm1') -Force

$context = New-BuildContext -Root $PSScriptRoot -Configuration $Configuration
$prerequisites = @{
    Clean   = @()
    Build   = @()
    Module  = @('Build')
    Package = @('Module')
    Test    = @('Package')
    Bench   = @('Package')
    Demo    = @('Package')
    Docs    = @()
}
$done = [System.Collections.Generic.HashSet[string]]::new()
$Task = @($Task -split ',' | ForEach-Object Trim | Where-Object { $_ })
foreach ($name in $Task) {
    if (-not $prerequisites.ContainsKey($name)) { throw "Unknown task '$name'. Tasks: $($prerequisites.Keys -join ', ')." }
}

function Invoke-Task([string] $Name) {
    if ($done.Contains($Name)) { return }
    foreach ($before in $prerequisites[$Name]) { Invoke-Task $before }
    Write-BuildStep "Task $Name"
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & "Invoke-${Name}Task" -Context $context
    Write-BuildStep ("Task $Name done in {0:N1}s" -f $watch.Elapsed.TotalSeconds)
    [void] $done.Add($Name)
}

foreach ($name in $Task) { Invoke-Task $name }
