using FluxOps.Core.Flux;
using FluxOps.Core.Git;
using LibGit2Sharp;
using RevertResult = FluxOps.Models.RevertResult;

namespace FluxOps.Core.Revert;

/// <summary>The validated state of one revert run: repository, branch, remote, identity and transport.</summary>
internal sealed partial class RevertContext
{
    private readonly Repository _repository;
    private readonly RevertRequest _request;
    private readonly GitIdentity _identity;

    private RevertContext(Repository repository, RevertRequest request, string branch, GitIdentity identity, IGitTransport? transport)
    {
        _repository = repository;
        _request = request;
        _identity = identity;
        Branch = branch;
        Remote = request.Remote;
        Transport = transport;
    }

    public string Branch { get; }

    public string Remote { get; }

    public IGitTransport? Transport { get; }

    /// <summary>The branch the revert is pushed to: the watched branch, or the resolved pull-request branch.</summary>
    public string PushTarget { get; private set; } = string.Empty;

    public string BaseDescription => _request.NoPush ? $"local branch '{Branch}'" : $"{Remote}/{Branch}";

    private string TrackingRef => $"refs/remotes/{Remote}/{Branch}";

    public static RevertContext Create(Repository repository, RevertRequest request)
    {
        string branch;
        if (!string.IsNullOrWhiteSpace(request.Branch))
        {
            branch = request.Branch.StartsWith("refs/heads/", StringComparison.Ordinal) ? request.Branch["refs/heads/".Length..] : request.Branch;
        }
        else if (repository.Info.IsHeadDetached)
        {
            throw new GitOperationException("DetachedHead", FailureKind.InvalidOperation,
                "HEAD is detached, so there is no branch to revert on. Check out the branch Flux watches or pass -Branch.", repository.Info.WorkingDirectory);
        }
        else
        {
            branch = repository.Head.FriendlyName;
        }

        if (!repository.Info.IsBare)
        {
            var dirty = repository.RetrieveStatus(new StatusOptions { IncludeUntracked = false, IncludeIgnored = false })
                .Where(e => e.State != FileStatus.Unaltered && e.State != FileStatus.Ignored).Select(e => e.FilePath).ToList();
            if (dirty.Count > 0)
            {
                throw new GitOperationException("WorkingTreeDirty", FailureKind.InvalidOperation,
                    $"The working tree has uncommitted changes ({string.Join(", ", dirty.Take(10))}{(dirty.Count > 10 ? ", ..." : string.Empty)}). " +
                    "Commit or stash them first; FluxOps never overwrites local work.", repository.Info.WorkingDirectory);
            }
        }

        var identity = GitIdentity.Resolve(repository, request.AuthorName, request.AuthorEmail, request.Environment ?? GitIdentity.ProcessEnvironment());
        IGitTransport? transport = null;
        if (!request.NoPush)
        {
            var url = GitTransports.RemoteUrl(repository, request.Remote);
            transport = request.Transport ?? GitTransports.For(url, request.Credential);
        }

        return new RevertContext(repository, request, branch, identity, transport);
    }

    /// <summary>
    /// Fetches the branch and returns the remote tip to build on (the local branch tip with -NoPush). With
    /// <paramref name="reuseFetched"/> the tracking ref the caller fetched a moment ago is used as it is (one fetch per revert).
    /// </summary>
    public Commit FetchBase(CancellationToken cancellationToken, bool reuseFetched = false)
    {
        if (_request.NoPush)
        {
            return LocalBase();
        }

        if (!(reuseFetched && _repository.Refs[TrackingRef] is not null) && !Transport!.Fetch(_repository, Remote, Branch, TrackingRef, cancellationToken))
        {
            throw new GitOperationException("RemoteBranchNotFound", FailureKind.ObjectNotFound,
                $"The remote '{Remote}' has no branch '{Branch}'.", Branch);
        }

        var remoteTip = _repository.Lookup<Commit>(_repository.Refs[TrackingRef].ResolveToDirectReference().Target.Id);
        var local = _repository.Branches[Branch];
        if (_request.PushBranch is null && local is { IsRemote: false, Tip: not null } && !CommitGraph.IsReachable(_repository, local.Tip, remoteTip))
        {
            throw new GitOperationException("LocalBranchAhead", FailureKind.InvalidOperation,
                $"The local branch '{Branch}' has commits that are not on {Remote}/{Branch}. Push or move them first " +
                "(FluxOps builds the revert on the remote tip and will not push unpublished work along with it), or use -NoPush.", Branch);
        }

        return remoteTip;
    }

    /// <summary>The tip to build on without any network: the last fetched remote tip, else the local branch.</summary>
    public Commit LocalBase()
    {
        if (!_request.NoPush && _repository.Refs[TrackingRef] is { } tracking)
        {
            return _repository.Lookup<Commit>(tracking.ResolveToDirectReference().Target.Id);
        }

        return _repository.Branches[Branch]?.Tip ?? throw new GitOperationException("BranchNotFound", FailureKind.ObjectNotFound,
            $"There is no local branch '{Branch}'.", Branch);
    }

    public RevertStep Prepare(Commit baseTip, int attempt)
    {
        var commits = _request.Commits.Select(c => RevisionResolver.Resolve(_repository, c)).ToList();
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        var toRevert = new List<Commit>();
        var ledger = new GitRevertLedger(_repository, baseTip);
        var rule = _request.Settings.Force ? RevertGuardRule.PersonForced : RevertGuardRule.Person;
        foreach (var commit in commits)
        {
            if (!CommitGraph.IsReachable(_repository, commit, baseTip))
            {
                throw new GitOperationException("CommitNotOnBranch", FailureKind.InvalidArgument,
                    $"{commit.Sha[..7]} is not on {BaseDescription}; only commits on the branch Flux watches can be reverted.", commit.Sha);
            }

            var guard = RevertGuard.Check(commit.Sha, ledger, rule);
            if (guard.Outcome == GuardOutcome.IsRevert && commits.Count > 1)
            {
                skipped[commit.Sha] = IsRevertSkipReason(commit.Sha, guard.Record!); // a range with earlier reverts: revert the rest
                continue;
            }

            if (guard.Outcome == GuardOutcome.IsRevert)
            {
                throw new GitOperationException("RevertOfFluxOpsRevert", FailureKind.InvalidOperation,
                    $"{commit.Sha[..7]} is itself a FluxOps revert; reverting it re-applies the bad change. Use -Force if that is intended.", commit.Sha);
            }

            if (guard.Outcome == GuardOutcome.AlreadyReverted)
            {
                var revert = _repository.Lookup<Commit>(guard.Record!.RevertSha);
                skipped[commit.Sha] = $"already reverted by {revert.Sha[..7]} ({revert.Author.Name}, {revert.Author.When:u})";
            }
            else
            {
                toRevert.Add(commit);
            }
        }

        var ordered = CommitGraph.NewestFirst(_repository, baseTip, toRevert);
        PushTarget = Branch;
        if (_request.PushBranch is { } template)
        {
            var newest = CommitGraph.NewestFirst(_repository, baseTip, commits).FirstOrDefault();
            if (ProposeOn(template.Replace("{shortsha}", newest?.Sha[..7] ?? "none", StringComparison.Ordinal), ordered.Count > 0))
            {
                foreach (var commit in ordered)
                {
                    skipped[commit.Sha] = $"the branch '{PushTarget}' already exists on {Remote}: this revert is already proposed";
                }

                ordered.Clear();
            }
        }

        var built = RevertBuilder.Build(_repository, baseTip, ordered, _request.Settings, _identity, DateTimeOffset.Now);
        foreach (var commit in ordered.Where(c => !built.Any(b => b.Reverted.Contains(c))))
        {
            skipped[commit.Sha] = "its changes are no longer on the branch (nothing to revert)";
        }

        if (built.Count > 0 && _request.PushBranch is null)
        {
            EnsureNoUntrackedCollision(built[^1].RevertCommit);
        }

        return new RevertStep(commits, built, skipped, this, attempt);
    }

    public void RecordPushed(Commit newTip, string target, Action<string> log)
    {
        _repository.Refs.Add($"refs/remotes/{Remote}/{target}", newTip.Id, "fluxops: pushed revert", allowOverwrite: true);
        if (target == Branch)
        {
            UpdateLocalBranch(newTip, log);
        }
    }

    /// <summary>Fast-forwards the local branch (and the checked-out files, which are clean) to the new tip.</summary>
    public void UpdateLocalBranch(Commit newTip, Action<string> log)
    {
        var local = _repository.Branches[Branch];
        if (local is null || local.IsRemote)
        {
            return;
        }

        if (!CommitGraph.IsReachable(_repository, local.Tip, newTip))
        {
            log($"Local branch '{Branch}' was not updated: it has diverged from {newTip.Sha[..7]}.");
            return;
        }

        if (!_repository.Info.IsBare && !_repository.Info.IsHeadDetached && _repository.Head.CanonicalName == local.CanonicalName)
        {
            // The tree is clean (checked up front) and newTip descends from HEAD: this is a fast-forward checkout.
            _repository.Reset(ResetMode.Hard, newTip);
        }
        else
        {
            _repository.Refs.UpdateTarget(local.Reference, newTip.Id, "fluxops: revert (fast-forward)");
        }

        log($"Local branch '{Branch}' fast-forwarded to {newTip.Sha[..7]}.");
    }

    private void EnsureNoUntrackedCollision(Commit newTip)
    {
        if (_repository.Info.IsBare || _repository.Info.IsHeadDetached || _repository.Head.FriendlyName != Branch || _repository.Head.Tip is null)
        {
            return;
        }

        var added = _repository.Diff.Compare<TreeChanges>(_repository.Head.Tip.Tree, newTip.Tree).Where(c => c.Status == ChangeKind.Added).Select(c => c.Path);
        var blocked = added.Where(p => File.Exists(Path.Combine(_repository.Info.WorkingDirectory, p))).ToList();
        if (blocked.Count > 0)
        {
            throw new GitOperationException("UntrackedFilesInTheWay", FailureKind.InvalidOperation,
                $"The revert restores files that exist untracked in the working tree: {string.Join(", ", blocked)}. Move them away first.", blocked[0]);
        }
    }

    public RevertPreview Describe(Commit baseTip, RevertStep step) => new()
    {
        Branch = Branch,
        Remote = _request.NoPush ? null : Remote,
        PushBranch = _request.NoPush ? null : PushTarget,
        BaseSha = baseTip.Sha,
        Commits = step.Built.Select(b => new RevertPreviewCommit(
            b.Reverted.Select(r => r.Sha).ToArray(),
            b.RevertCommit.Message,
            _repository.Diff.Compare<TreeChanges>(b.RevertCommit.Parents.First().Tree, b.RevertCommit.Tree).Select(c => c.Path).ToArray())).ToArray(),
        Skipped = step.Skipped.Select(s => $"{s.Key[..7]}: {s.Value}").ToArray(),
    };
}

/// <summary>The reverts built for one attempt and the commits skipped, turned into results once the push outcome is known.</summary>
internal sealed record RevertStep(IReadOnlyList<Commit> Requested, IReadOnlyList<BuiltRevert> Built, IReadOnlyDictionary<string, string> Skipped, RevertContext Context, int Attempt)
{
    public IReadOnlyList<RevertResult> Results(string? target, bool pushed, int attempts) =>
        Requested.DistinctBy(c => c.Sha).Select(commit =>
        {
            var result = new RevertResult
            {
                RevertedSha = commit.Sha,
                Remote = pushed ? Context.Remote : null,
                Branch = target ?? Context.PushTarget,
                Attempts = attempts,
            };
            if (Skipped.TryGetValue(commit.Sha, out var reason))
            {
                result.Skipped = true;
                result.SkipReason = reason;
                return result;
            }

            var built = Built.First(b => b.Reverted.Any(r => r.Sha == commit.Sha));
            result.RevertSha = built.RevertCommit.Sha;
            result.Pushed = pushed;
            result.PausedMarkers = built.PausedMarkers;
            result.BadImages = built.BadImages;
            return result;
        }).ToList();
}
