# Module import overhead: a fresh `pwsh -NoProfile -c 'Import-Module FluxOps'` against a bare `pwsh -NoProfile -c 'exit'`.
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force
$manifest = $env:FLUXOPS_MODULE_PATH
if (-not $manifest) { throw 'FLUXOPS_MODULE_PATH is not set: run ./build.ps1 -Task Bench.' }
# Make "Import-Module FluxOps" resolve by name, as it does for an installed module.
$env:PSModulePath = (Split-Path (Split-Path (Split-Path $manifest))) + [IO.Path]::PathSeparator + $env:PSModulePath
$pwsh = Get-PwshCommandLine
$exe = $pwsh.FilePath
$prefix = $pwsh.Prefix

$check = & $exe @prefix -NoProfile -NonInteractive -c 'Import-Module FluxOps -ErrorAction Stop; (Get-Module FluxOps).Version.ToString()'
if ($LASTEXITCODE -ne 0) { throw "Import-Module FluxOps failed: $check" }

$result = Measure-ProcessPair -Runs 9 `
    -Ours { & $exe @prefix -NoProfile -NonInteractive -c 'Import-Module FluxOps' } `
    -Peer { & $exe @prefix -NoProfile -NonInteractive -c 'exit' }
$package = Get-ChildItem $env:FLUXOPS_PACKAGE_REPOSITORY -Filter 'FluxOps.*.nupkg' | Select-Object -First 1
$installed = (Get-ChildItem -Recurse -File (Split-Path $manifest) | Measure-Object Length -Sum).Sum

@"
## Module import (issue 3)

| measure | value |
| --- | --- |
| ``pwsh -NoProfile -c 'Import-Module FluxOps'`` median | $([Math]::Round($result.OursMs)) ms |
| ``pwsh -NoProfile -c 'exit'`` median | $([Math]::Round($result.PeerMs)) ms |
| import overhead (difference of medians) | $([Math]::Round($result.OursMs - $result.PeerMs)) ms (goal < 300 ms) |
| ratio import / bare, median of $($result.Runs) pairs | $([Math]::Round($result.MedianRatio, 2)) |
| package size ($($package.Name)) | $([Math]::Round($package.Length / 1MB, 1)) MB |
| installed size | $([Math]::Round($installed / 1MB, 1)) MB |
"@
