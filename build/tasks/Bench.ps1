function Invoke-BenchTask($Context) {
    # Each bench/*.bench.ps1 runs in its own pwsh against the built module and prints a markdown section.
    $env:FLUXOPS_MODULE_PATH = Join-Path $Context.ModuleDir 'FluxOps.psd1'
    $env:FLUXOPS_PACKAGE_REPOSITORY = $Context.RepoDir
    $env:FLUXOPS_TESTING_DLL = Join-Path $Context.Root "tests/FluxOps.Testing/bin/$($Context.Configuration)/net8.0/FluxOps.Testing.dll"
    $outDir = Join-Path $Context.Out 'bench'
    New-Item -ItemType Directory -Force $outDir | Out-Null
    $sections = [System.Collections.Generic.List[string]]::new()
    foreach ($script in Get-ChildItem (Join-Path $Context.Root 'bench') -Filter '*.bench.ps1' | Sort-Object Name) {
        Write-BuildStep "Benchmark $($script.Name)"
        $log = Join-Path $outDir "$($script.BaseName).md"
        Invoke-ChildPwsh @('-File', $script.FullName) -AllowFailure | Tee-Object -FilePath $log | Out-Host
        if ($LASTEXITCODE -ne 0) { Write-Warning "$($script.Name) failed with exit code $LASTEXITCODE" }
        if (Test-Path $log) { $sections.Add((Get-Content -Raw $log)) }
    }
    $cpu = (Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Select-String '^model name' | Select-Object -First 1) -replace '^.*:\s*', ''
    $header = @(
        '# FluxOps benchmark results', '',
        "- Date: $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC",
        "- Machine: $([Environment]::ProcessorCount) cores$(if ($cpu) { ", $cpu" }), $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)",
        "- Runtime: $([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription), PowerShell $($PSVersionTable.PSVersion)",
        '- Every figure below comes from this one run on this one machine; peers ran side by side with FluxOps.', ''
    ) -join "`n"
    Set-Content -Path (Join-Path $Context.Root 'bench/results.md') -Value ($header + "`n" + ($sections -join "`n"))
    Write-Host "    results: bench/results.md"
}
