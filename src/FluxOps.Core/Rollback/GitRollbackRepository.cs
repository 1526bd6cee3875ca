using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Revert;
using FluxOps.Models;
using LibGit2Sharp;
using RevertResult = FluxOps.Models.RevertResult;

namespace FluxOps.Core.Rollback;

/// <summary>
/// The git side of automated rollback, built on the panic-button Core API: a clone (-Path) or the bare cache clone of
/// -RepositoryUrl (<see cref="RepositoryCache"/>) is fetched before every decision, and the revert is made and pushed
/// by <see cref="FluxReverter"/> (fast-forward only; rebuilt or reported Skipped when another receiver won).
/// </summary>
internal sealed class GitRollbackRepository : IRollbackRepository
{
    private readonly string? _path;
    private readonly string? _url;
    private readonly GitCredential? _credential;
    private readonly string? _cacheRoot;
    private readonly string _remote;
    private string? _preparedPath;
    private int _refreshed;

    private GitRollbackRepository(string? path, string? url, string branch, GitCredential? credential, string? cacheRoot, string remote)
    {
        _path = path;
        _url = url;
        Branch = branch;
        _credential = credential;
        _cacheRoot = cacheRoot;
        _remote = remote;
        Location = url is null ? path! : GitCredential.Redact(url, credential);
    }

    public string Location { get; }

    public string Branch { get; }

    /// <summary>
    /// When set (e.g. <c>fluxops/revert-{shortsha}</c>), the revert is pushed to this new branch for a pull request instead
    /// of the watched branch; a second event then finds the branch and reports the revert as already proposed.
    /// </summary>
    public string? PullRequestBranch { get; init; }

    /// <summary>Where the pull request for a revert pushed to <see cref="PullRequestBranch"/> is opened (provider, API, token).</summary>
    public HostingTarget PullRequestHosting { get; init; } = new();

    /// <summary>The remote URL (credentials redacted) the pull request is opened against.</summary>
    private string RemoteUrl => _url is not null ? Location : GitRemoteInfo.RemoteUrl(_path!, _remote);

    /// <summary>Rollback on a clone; <paramref name="branch"/> defaults to its checked-out branch.</summary>
    public static GitRollbackRepository ForClone(string path, string? branch, GitCredential? credential, string remote = "origin", string? pullRequestBranch = null, HostingTarget? pullRequestHosting = null)
    {
        using var repository = RepositoryOpener.Open(path);
        var resolvedBranch = string.IsNullOrWhiteSpace(branch) ? repository.Head.FriendlyName : branch;
        var root = repository.Info.WorkingDirectory ?? repository.Info.Path;
        return new GitRollbackRepository(root, null, resolvedBranch, credential, null, remote) { PullRequestBranch = pullRequestBranch, PullRequestHosting = pullRequestHosting ?? new() };
    }

    /// <summary>Rollback on a remote URL through a bare cache clone (no working tree needed, e.g. in a runbook).</summary>
    public static GitRollbackRepository ForUrl(string url, string branch, GitCredential? credential, string? cacheRoot = null, string? pullRequestBranch = null, HostingTarget? pullRequestHosting = null) =>
        new(null, url, string.IsNullOrWhiteSpace(branch) ? "main" : branch, credential, cacheRoot, "origin") { PullRequestBranch = pullRequestBranch, PullRequestHosting = pullRequestHosting ?? new() };

    public IRollbackHistory Refresh(CancellationToken cancellationToken)
    {
        var path = Prepare(cancellationToken);
        using var repository = new Repository(path);
        var tracking = repository.Refs[$"refs/remotes/{_remote}/{Branch}"]?.ResolveToDirectReference()?.Target.Sha
            ?? throw new GitOperationException("RemoteBranchNotFound", FailureKind.ObjectNotFound, $"{Location} has no branch '{Branch}'.", Branch);
        Interlocked.Exchange(ref _refreshed, 1);
        return new GitRollbackHistory(path, tracking);
    }

    public RevertResult Revert(string badSha, string reason, FluxEvent trigger, CancellationToken cancellationToken)
    {
        // The decision was made on the tip Refresh fetched: build on exactly that tip, without a second fetch.
        var justFetched = Interlocked.Exchange(ref _refreshed, 0) == 1 && _preparedPath is not null;
        var identity = GitIdentity.Unattended(null, null);
        var results = FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = _preparedPath ?? Prepare(cancellationToken),
            BaseJustFetched = justFetched,
            Commits = [badSha],
            Branch = Branch,
            Remote = _remote,
            Credential = _credential,
            PushBranch = PullRequestBranch,
            Settings = new RevertSettings { Reason = reason, Origin = RevertOrigin.Automation() },
            // An unattended receiver has no user.name: FluxOps, unless GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL say otherwise.
            AuthorName = identity.Name,
            AuthorEmail = identity.Email,
        }, cancellationToken: cancellationToken);
        if (PullRequestBranch is not null)
        {
            var hosting = PullRequestHosting with { RemoteUrl = RemoteUrl };
            var proposal = new PullRequestProposal(Branch, results, reason) { Event = trigger };
            if (results.Any(r => r.Pushed))
            {
                PullRequestPublisher.Publish(hosting, proposal, null, cancellationToken);
            }
            else if (results[0].SkipReason?.Contains("already proposed", StringComparison.Ordinal) == true)
            {
                // The proposal branch exists (FluxReverter's word for it): its pull request is the answer, not a second one.
                var head = PullRequestBranch.Replace("{shortsha}", results[0].RevertedSha[..7], StringComparison.Ordinal);
                PullRequestPublisher.Adopt(HostingProviders.Connect(hosting), head, proposal, cancellationToken);
            }
        }

        return results[0];
    }

    private string Prepare(CancellationToken cancellationToken)
    {
        if (_url is not null)
        {
            _preparedPath = RepositoryCache.Prepare(_url, Branch, _credential, _cacheRoot, cancellationToken);
            return _preparedPath;
        }

        using (var repository = new Repository(_path!))
        {
            var remoteUrl = GitTransports.RemoteUrl(repository, _remote);
            if (!GitTransports.For(remoteUrl, _credential).Fetch(repository, _remote, Branch, $"refs/remotes/{_remote}/{Branch}", cancellationToken))
            {
                throw new GitOperationException("RemoteBranchNotFound", FailureKind.ObjectNotFound, $"{_remote} has no branch '{Branch}'.", Branch);
            }
        }

        _preparedPath = _path!;
        return _preparedPath;
    }
}
