using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>
/// Who a revert commit is attributed to. Precedence, highest first: explicit name/email (cmdlet parameters),
/// GIT_AUTHOR_* / GIT_COMMITTER_* environment variables, then user.name / user.email from git config — the same
/// sources git itself uses. Fails clearly instead of inventing an identity.
/// </summary>
internal sealed record GitIdentity(string AuthorName, string AuthorEmail, string CommitterName, string CommitterEmail)
{
    /// <summary>Who an unattended revert (receiver, runbook, REST mode) is by when nobody named anyone.</summary>
    public const string AutomationName = "FluxOps";

    public const string AutomationEmail = "fluxops@users.noreply.invalid";

    /// <summary>
    /// The author of an unattended revert: the explicit name/email, else GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else FluxOps —
    /// never a user.name from some machine's git config, which a receiver or runbook does not have.
    /// </summary>
    public static (string Name, string Email) Unattended(string? name, string? email, IReadOnlyDictionary<string, string?>? environment = null)
    {
        environment ??= ProcessEnvironment();
        string? Env(string key) => environment.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
        return (name ?? Env("GIT_AUTHOR_NAME") ?? AutomationName, email ?? Env("GIT_AUTHOR_EMAIL") ?? AutomationEmail);
    }

    /// <summary>The process environment as the identity rules read it.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);

    public static GitIdentity Resolve(IRepository repository, string? name, string? email, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(environment);
        var configName = repository.Config.Get<string>("user.name")?.Value;
        var configEmail = repository.Config.Get<string>("user.email")?.Value;
        string? Env(string key) => environment.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

        var authorName = name ?? Env("GIT_AUTHOR_NAME") ?? configName;
        var authorEmail = email ?? Env("GIT_AUTHOR_EMAIL") ?? configEmail;
        var committerName = name ?? Env("GIT_COMMITTER_NAME") ?? configName ?? authorName;
        var committerEmail = email ?? Env("GIT_COMMITTER_EMAIL") ?? configEmail ?? authorEmail;
        if (string.IsNullOrWhiteSpace(authorName) || string.IsNullOrWhiteSpace(authorEmail)
            || string.IsNullOrWhiteSpace(committerName) || string.IsNullOrWhiteSpace(committerEmail))
        {
            throw new GitOperationException("IdentityMissing", FailureKind.InvalidOperation,
                "No git identity for the revert commit. Set user.name and user.email (git config), the GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL " +
                "environment variables, or pass -AuthorName and -AuthorEmail.");
        }

        return new GitIdentity(authorName, authorEmail, committerName, committerEmail);
    }

    public Signature Author(DateTimeOffset when) => new(AuthorName, AuthorEmail, when);

    public Signature Committer(DateTimeOffset when) => new(CommitterName, CommitterEmail, when);
}
