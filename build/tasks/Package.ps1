function Invoke-PackageTask($Context) {
    $repo = $Context.RepoDir
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $repo
    New-Item -ItemType Directory -Force $repo | Out-Null
    # Publish-PSResource wants a folder named after the module; stage one without the version level.
    $stage = Join-Path $Context.Out 'stage/FluxOps'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Split-Path $stage)
    New-Item -ItemType Directory -Force $stage | Out-Null
    Copy-Item -Recurse "$($Context.ModuleDir)/*" $stage

    # Registrations persist per user, so use a throwaway name and always unregister.
    $name = "FluxOpsBuild$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    Register-PSResourceRepository -Name $name -Uri $repo -Trusted
    try {
        Publish-PSResource -Path $stage -Repository $name
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    $nupkg = Get-ChildItem $repo -Filter '*.nupkg' | Select-Object -First 1
    Write-Host ("    {0} ({1:N1} MB) in {2}" -f $nupkg.Name, ($nupkg.Length / 1MB), $repo)
}
