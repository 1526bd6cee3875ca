@{
    RootModule           = 'FluxOps.PowerShell.dll'
    # build.ps1 stamps the version from Directory.Build.props (FluxOpsVersion); this is a placeholder.
    ModuleVersion        = '0.0.0'
    GUID                 = '6f3c1f0e-8a57-4d2b-9b1e-2f5b7c0a9d41'
    Author               = 'FluxOps contributors'
    CompanyName          = 'FluxOps'
    Copyright            = 'Copyright (c) 2026 FluxOps contributors. MIT License.'
    Description          = 'Keeps Flux CD GitOps repositories safe: find and revert the commit that broke a reconciliation, roll back automatically from Flux alerts, and check that every image a change deploys exists before Flux sees it.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    # Only the default-context assemblies; FluxOps.Core, LibGit2Sharp and YamlDotNet stay isolated in Dependencies/.
    RequiredAssemblies   = @('FluxOps.Models.dll')
    FormatsToProcess     = @('FluxOps.format.ps1xml')
    CmdletsToExport      = @(
        'Export-FluxOpsReport'
        'Get-FluxOpsEnvironment'
        'Get-FluxBadCommit'
        'Invoke-FluxRevert'
        'Get-FluxRevertHistory'
        'Resume-FluxImageAutomation'
        'ConvertFrom-FluxEvent'
        'New-FluxRollbackAlert'
        'Invoke-FluxRollback'
        'Start-FluxRollbackReceiver'
        'Test-ImageTag'
        'Get-ChangedImages'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Flux', 'FluxCD', 'GitOps', 'Kubernetes', 'Rollback', 'Containers', 'Registry', 'PSEdition_Core', 'Linux', 'Windows', 'macOS')
            ProjectUri   = 'https://github.com/fluxops/fluxops'
            LicenseUri   = 'https://github.com/fluxops/fluxops/blob/main/LICENSE'
            ReleaseNotes = 'See https://github.com/fluxops/fluxops/releases'
        }
    }
}
