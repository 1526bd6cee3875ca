namespace FluxOps.Testing;

/// <summary>
/// A Flux config repository on a real git smart-HTTP server (Basic auth): a bare repository "fleet" seeded by a
/// publisher clone, plus helpers to make operator clones (origin without credentials, like a real user's clone)
/// and to read the remote's state for before/after assertions.
/// </summary>
public sealed class FluxRepoScenario : IDisposable
{
    private readonly List<GitWorkTree> _clones = new();

    public FluxRepoScenario(string name = "fleet")
    {
        Server = new GitHttpServer();
        Name = name;
        BarePath = Server.CreateBareRepository(name);
        Publisher = GitWorkTree.Clone(Server.AuthenticatedUrlFor(name));
        _clones.Add(Publisher);
    }

    public GitHttpServer Server { get; }

    public string Name { get; }

    public string BarePath { get; }

    /// <summary>A clone with credentials in its URL that plays "the rest of the team" pushing commits.</summary>
    public GitWorkTree Publisher { get; }

    public string Url => Server.UrlFor(Name);

    /// <summary>Commits on the publisher clone and pushes to main; returns the sha.</summary>
    public string Push(string message, IReadOnlyDictionary<string, string> files)
    {
        var sha = Publisher.Commit(message, files);
        Publisher.Git("push", "-q", "origin", "HEAD:main");
        return sha;
    }

    /// <summary>Pulls main into the publisher clone (after someone else pushed).</summary>
    public void SyncPublisher() => Publisher.Git("pull", "-q", "--ff-only", "origin", "main");

    /// <summary>An operator clone: origin has no credentials; user.name/email are set in its config.</summary>
    public GitWorkTree NewClone(bool withIdentity = true)
    {
        var clone = GitWorkTree.Clone(Server.AuthenticatedUrlFor(Name));
        clone.Git("remote", "set-url", "origin", Url);
        if (withIdentity)
        {
            clone.Git("config", "user.name", "Ops Engineer");
            clone.Git("config", "user.email", "ops@example.test");
        }

        _clones.Add(clone);
        return clone;
    }

    /// <summary>Fast-forwards an operator clone to the remote main (test-side, with the credentials in the URL).</summary>
    public void Pull(GitWorkTree clone)
    {
        ArgumentNullException.ThrowIfNull(clone);
        clone.Git("pull", "-q", "--ff-only", Server.AuthenticatedUrlFor(Name), "main");
    }

    public string RemoteHead => Git("rev-parse", "refs/heads/main");

    /// <summary>All refs of the bare remote, one "sha ref" per line.</summary>
    public string RemoteRefs => Git("for-each-ref", "--format=%(objectname) %(refname)");

    public string RemoteTree(string commitish) => Git("rev-parse", commitish + "^{tree}");

    public string RemoteMessage(string commitish) => Git("log", "-1", "--format=%B", commitish);

    public string RemoteFile(string commitish, string path) => Git("show", $"{commitish}:{path}");

    public bool RemoteIsAncestor(string ancestor, string descendant) =>
        ProcessRunner.Run("git", ["merge-base", "--is-ancestor", ancestor, descendant], BarePath, ProcessRunner.GitEnvironment).ExitCode == 0;

    public string Git(params string[] arguments) => ProcessRunner.Git(BarePath, arguments).StandardOutput.Trim();

    public void Dispose()
    {
        foreach (var clone in _clones)
        {
            clone.Dispose();
        }

        Server.Dispose();
    }
}
