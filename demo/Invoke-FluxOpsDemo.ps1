<#
.SYNOPSIS
    The FluxOps demo: installs the module from the local package repository the build produced and shows it working
    against an embedded default (a local registry and git server started here on loopback, stopped at the end).
#>
[CmdletBinding()]
param([string] $RepositoryPath = $env:FLUXOPS_PACKAGE_REPOSITORY)
$ErrorActionPreference = 'Stop'
if (-not $RepositoryPath) { throw 'Run the demo through ./build.ps1 -Task Demo.' }

function Write-Step([string] $Text) { Write-Host "`n### $Text" -ForegroundColor Cyan }

Write-Step 'Install FluxOps from the local PSResource repository, as users do with Install-PSResource'
$name = "FluxOpsDemo$([guid]::NewGuid().ToString('N').Substring(0, 8))"
Register-PSResourceRepository -Name $name -Uri $RepositoryPath -Trusted
try { Install-PSResource FluxOps -Repository $name -TrustRepository -Reinstall -Scope CurrentUser -Quiet }
finally { Unregister-PSResourceRepository -Name $name }
Import-Module FluxOps -Force

Write-Step 'Get-FluxOpsEnvironment: the module, its native libgit2 and YamlDotNet load on this machine'
Get-FluxOpsEnvironment | Format-List | Out-Host
