function Invoke-ModuleTask($Context) {
    $root = $Context.Root
    $moduleDir = $Context.ModuleDir
    $dependencies = Join-Path $moduleDir 'Dependencies'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Context.ModuleRoot
    New-Item -ItemType Directory -Force $dependencies, (Join-Path $moduleDir 'en-US') | Out-Null

    # FluxOps.Core and everything it needs go to Dependencies/ (private load context).
    $corePublish = Join-Path $Context.Out 'publish/core'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $corePublish
    Invoke-Native dotnet @('publish', (Join-Path $root 'src/FluxOps.Core/FluxOps.Core.csproj'), '-c', $Context.Configuration,
        '-o', $corePublish, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly') | Out-Host
    Get-ChildItem $corePublish -Filter '*.dll' | Where-Object Name -ne 'FluxOps.Models.dll' |
        Copy-Item -Destination $dependencies
    foreach ($rid in $Context.NativeRids) {
        $native = Join-Path $corePublish "runtimes/$rid/native"
        if (-not (Test-Path $native)) { throw "No native libgit2 for $rid in $native." }
        $target = Join-Path $dependencies "runtimes/$rid/native"
        New-Item -ItemType Directory -Force $target | Out-Null
        Copy-Item "$native/*" $target
    }

    # The cmdlets and the shared pipeline types stay in the module root (default load context).
    $cmdletsBin = Join-Path $root "src/FluxOps.PowerShell/bin/$($Context.Configuration)/net8.0"
    Copy-Item (Join-Path $cmdletsBin 'FluxOps.PowerShell.dll'), (Join-Path $cmdletsBin 'FluxOps.Models.dll') $moduleDir

    $manifest = Get-Content -Raw (Join-Path $root 'module/FluxOps.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$($Context.Version)'"
    Set-Content -Path (Join-Path $moduleDir 'FluxOps.psd1') -Value $manifest -NoNewline
    Copy-Item (Join-Path $root 'module/*.format.ps1xml') $moduleDir
    Copy-Item (Join-Path $root 'module/en-US/*') (Join-Path $moduleDir 'en-US')
    Copy-Item (Join-Path $root 'LICENSE') $moduleDir
    # Samples (the Azure Automation runbook and its README) ship inside the module folder.
    if (Test-Path (Join-Path $root 'module/samples')) { Copy-Item -Recurse -Force (Join-Path $root 'module/samples') $moduleDir }

    # Cmdlet help is generated in a child pwsh: importing the module here would lock its DLLs in this process.
    Invoke-ChildPwsh @('-File', (Join-Path $root 'build/New-MamlHelp.ps1'),
        '-ModuleManifest', (Join-Path $moduleDir 'FluxOps.psd1'), '-DocsPath', (Join-Path $root 'module/docs'),
        '-OutputPath', (Join-Path $moduleDir 'en-US/FluxOps.PowerShell.dll-Help.xml')) | Out-Host
    Write-Host "    module laid out in $moduleDir"
}
