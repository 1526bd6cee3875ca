<#
.SYNOPSIS
    Container entry point: starts Start-FluxRollbackReceiver from environment variables (see deploy/README.md).
    Secrets come from the mounted Secret as environment variables and are never printed.
#>
$ErrorActionPreference = 'Stop'
Import-Module FluxOps

function Get-Setting([string] $Name, [string] $Default) {
    $value = [Environment]::GetEnvironmentVariable($Name)
    if ([string]::IsNullOrWhiteSpace($value)) {
        if ($PSBoundParameters.ContainsKey('Default')) { return $Default }
        throw "Environment variable $Name is required (see deploy/README.md)."
    }
    $value
}

$receiver = @{
    Port    = [int](Get-Setting 'FLUXOPS_PORT' '8080')
    Address = Get-Setting 'FLUXOPS_ADDRESS' '0.0.0.0'
    Secret  = ConvertTo-SecureString (Get-Setting 'FLUXOPS_HMAC_TOKEN') -AsPlainText -Force
    Branch  = Get-Setting 'FLUXOPS_GIT_BRANCH' 'main'
}
# REST mode: FLUXOPS_REPOSITORY names the repository on the service and nothing is cloned (no native git);
# otherwise the receiver works on a cache clone of FLUXOPS_GIT_URL.
$repository = [Environment]::GetEnvironmentVariable('FLUXOPS_REPOSITORY')
if ($repository) {
    $receiver.Provider = Get-Setting 'FLUXOPS_PROVIDER'
    $receiver.Repository = $repository
}
else {
    $receiver.RepositoryUrl = Get-Setting 'FLUXOPS_GIT_URL'
    $provider = [Environment]::GetEnvironmentVariable('FLUXOPS_PROVIDER')
    if ($provider) { $receiver.Provider = $provider }
}
$apiUrl = [Environment]::GetEnvironmentVariable('FLUXOPS_API_URL')
if ($apiUrl) { $receiver.ApiUrl = $apiUrl }
# Pull request mode: each revert is proposed from fluxops/revert-<sha> instead of pushed (protected branches).
if ([Environment]::GetEnvironmentVariable('FLUXOPS_PULL_REQUEST') -in 'true', '1', 'yes') { $receiver.PullRequest = $true }
# The token (from the Secret) pushes in git mode and is the API token in REST mode and for pull requests.
$gitToken = [Environment]::GetEnvironmentVariable('FLUXOPS_GIT_TOKEN')
if ($gitToken) {
    $user = Get-Setting 'FLUXOPS_GIT_USERNAME' 'x-access-token'
    $receiver.Credential = [pscredential]::new($user, (ConvertTo-SecureString $gitToken -AsPlainText -Force))
}
$include = [Environment]::GetEnvironmentVariable('FLUXOPS_INCLUDE')
if ($include) { $receiver.Include = $include -split ',' | ForEach-Object Trim }
$cooldown = [Environment]::GetEnvironmentVariable('FLUXOPS_COOLDOWN')
if ($cooldown) { $receiver.Cooldown = [timespan]::Parse($cooldown) }

Start-FluxRollbackReceiver @receiver
