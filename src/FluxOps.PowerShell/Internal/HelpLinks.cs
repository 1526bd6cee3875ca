namespace FluxOps.PowerShell.Internal;

/// <summary>
/// Where Get-Help -Online goes: the cmdlet's page in docs/cmdlets on the main branch of the repository. The form is
/// stable — https://github.com/fluxops/fluxops/blob/main/docs/cmdlets/&lt;Verb-Noun&gt;.md — because the page is named
/// after the cmdlet and regenerated from module/docs by ./build.ps1 -Task Docs (docs/cmdlets/README.md says so).
/// </summary>
internal static class HelpLinks
{
    public const string Base = "https://github.com/fluxops/fluxops/blob/main/docs/cmdlets/";
}
