using System.Management.Automation;
using FluxOps.Core;
using FluxOps.Core.Git;

namespace FluxOps.PowerShell.Commands;

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

    public static ErrorRecord ToErrorRecord(GitOperationException exception, object? target) =>
        new(exception, exception.ErrorId, Category(exception.Kind), exception.Target ?? target);

    public static ErrorCategory Category(FailureKind kind) => kind switch
    {
        FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
        FailureKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        FailureKind.AuthenticationFailed => ErrorCategory.AuthenticationError,
        FailureKind.ConnectionFailed => ErrorCategory.ConnectionError,
        FailureKind.Conflict => ErrorCategory.WriteError,
        FailureKind.PushRejected => ErrorCategory.ResourceBusy,
        _ => ErrorCategory.InvalidOperation,
    };
}
