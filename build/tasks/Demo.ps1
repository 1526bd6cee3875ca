function Invoke-DemoTask($Context) {
    # Runs the demo script in a fresh pwsh against the module installed from the local package repository.
    $env:FLUXOPS_PACKAGE_REPOSITORY = $Context.RepoDir
    $env:FLUXOPS_TESTING_DLL = Join-Path $Context.Root "tests/FluxOps.Testing/bin/$($Context.Configuration)/net8.0/FluxOps.Testing.dll"
    Invoke-ChildPwsh @('-File', (Join-Path $Context.Root 'demo/Invoke-FluxOpsDemo.ps1'))
}
