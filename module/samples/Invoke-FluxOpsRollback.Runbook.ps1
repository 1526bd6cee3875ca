<#
.SYNOPSIS
    Azure Automation runbook: a Flux alert in, verified, decided, at most one revert out.

.DESCRIPTION
    Started by an Azure Automation webhook that a Flux generic-hmac Provider posts to (see README.md next to this file).
    1. Verifies X-Signature over the exact request body with the HMAC key from an encrypted Automation variable.
    2. Applies the FluxOps rollback policy (allow-listed reasons, scope, cooldown, circuit breaker, never twice, never a
       revert of a revert) with the loop-guard state read from the repository's commit trailers.
    3. Reverts the guilty commit on the remote with a fast-forward push, or writes why it did not.
       With -Provider (GitHub, GitLab or AzureDevOps) it runs in REST mode instead: no clone and no native git (libgit2 is
       never loaded, for sandboxes that refuse native DLLs); the history is read and the revert written through the
       service's API, as the file-level inverse of the bad commit (refused when a touched file changed since).
    Every outcome is written as one JSON line, so the job output explains itself.

    Runtime: PowerShell 7.4 runtime environment (or a Hybrid Worker). Azure documents that PowerShell 7 runbooks may
    receive webhook input re-encoded as invalid JSON; FluxOps detects that and fails with WebhookDataReencoded instead of
    acting on an unverifiable body. See README.md.
#>
param(
    [Parameter(Mandatory)] [object] $WebhookData,
    # Automation asset names; override them per runbook schedule or webhook parameters if you keep several fleets.
    [string] $HmacKeyVariable = 'FluxOpsHmacKey',
    [string] $RepositoryUrlVariable = 'FluxOpsRepositoryUrl',
    [string] $GitCredentialName = 'FluxOpsGit',
    # REST mode (no native git): the hosting service and the repository on it (GitHub/GitLab owner/name, Azure DevOps
    # organization/project/repository). The FluxOpsGit credential's password is then the API token.
    [ValidateSet('', 'GitHub', 'GitLab', 'AzureDevOps')] [string] $Provider = '',
    [string] $HostedRepository = '',
    [string] $ApiUrl = '',
    [string] $Branch = 'main',
    [string[]] $Include = @('*'),
    [timespan] $Cooldown = '00:10:00',
    [int] $MaxRevertsPerWindow = 3
)

$ErrorActionPreference = 'Stop'
Import-Module FluxOps

function Write-JsonLine([hashtable] $Fields) {
    $Fields['ts'] = [DateTimeOffset]::UtcNow.ToString('o')
    Write-Output ($Fields | ConvertTo-Json -Compress -Depth 4)
}

# Get-AutomationVariable / Get-AutomationPSCredential are provided by the Automation sandbox and Hybrid Workers.
$secret = ConvertTo-SecureString (Get-AutomationVariable -Name $HmacKeyVariable) -AsPlainText -Force
$gitCredential = Get-AutomationPSCredential -Name $GitCredentialName
$target = if ($Provider) {
    $rest = @{ Provider = $Provider; HostedRepository = $HostedRepository }
    if ($ApiUrl) { $rest.ApiUrl = $ApiUrl }
    $rest
}
else {
    @{ RepositoryUrl = (Get-AutomationVariable -Name $RepositoryUrlVariable) }
}

try {
    $fluxEvent = ConvertFrom-FluxEvent -WebhookData $WebhookData -Secret $secret
}
catch {
    # Forged, unsigned or re-encoded: nothing downstream runs.
    Write-JsonLine @{ level = 'error'; outcome = 'Rejected'; reason = $_.FullyQualifiedErrorId.Split(',')[0]; msg = $_.Exception.Message }
    throw
}

$decisions = $fluxEvent | Invoke-FluxRollback @target -Credential $gitCredential -Branch $Branch `
    -Include $Include -Cooldown $Cooldown -MaxRevertsPerWindow $MaxRevertsPerWindow -Confirm:$false

foreach ($decision in $decisions) {
    Write-JsonLine @{
        level     = if ($decision.Reason -eq 'CircuitOpen') { 'error' } else { 'info' }
        outcome   = "$($decision.Outcome)"
        reason    = "$($decision.Reason)"
        object    = "$($fluxEvent.Kind)/$($fluxEvent.Namespace)/$($fluxEvent.Name)"
        revision  = $fluxEvent.Revision
        badSha    = $decision.BadSha
        revertSha = $decision.Revert.RevertSha
        msg       = $decision.Message
    }
}
