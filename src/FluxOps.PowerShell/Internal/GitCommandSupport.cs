using System.Management.Automation;
using FluxOps.Core.Git;

namespace FluxOps.PowerShell.Internal;

/// <summary>What the git cmdlets share: credentials, paths and ErrorRecords with stable ids.</summary>
internal static class GitCommandSupport
{
    public static GitCredential? ToGitCredential(PSCredential? credential) =>
        credential is null || credential == PSCredential.Empty
            ? null
            : new GitCredential(credential.UserName, credential.GetNetworkCredential().Password);

    /// <summary>A provider path relative to the current FileSystem location, or the location itself.</summary>
    public static string ResolvePath(PSCmdlet cmdlet, string? path) =>
        string.IsNullOrEmpty(path)
            ? cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath
            : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
}
