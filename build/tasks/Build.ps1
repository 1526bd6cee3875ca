function Invoke-BuildTask($Context) {
    Invoke-Native dotnet @('build', (Join-Path $Context.Root 'FluxOps.sln'), '-c', $Context.Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly;Summary') | Out-Host
}
