using FluxOps.Core.Git;
using FluxOps.Core.Revert;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Revert;

/// <summary>What the reverter refuses, and that a refusal changes nothing locally or on the remote.</summary>
public partial class FluxReverterTests
{
    [Fact]
    public void A_conflict_commits_nothing_and_names_the_files()
    {
        _scenario.Push("Later web change", new Dictionary<string, string> { ["apps/web.yaml"] = "image: ghcr.io/acme/web:1.5.0\n" });
        using var clone = _scenario.NewClone();
        var (refs, status, head) = (_scenario.RemoteRefs, clone.Git("status", "--porcelain"), clone.Head);

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, _bad)));

        Assert.Equal("RevertConflict", error.ErrorId);
        Assert.Equal(["apps/web.yaml"], error.ConflictingFiles);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(head, clone.Head);
        Assert.Equal(status, clone.Git("status", "--porcelain"));
    }

    [Fact]
    public void A_dirty_working_tree_is_refused_and_kept()
    {
        using var clone = _scenario.NewClone();
        File.WriteAllText(Path.Combine(clone.Path, "infra/ingress.yaml"), "replicas: 9\n");
        var refs = _scenario.RemoteRefs;

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, _bad)));

        Assert.Equal("WorkingTreeDirty", error.ErrorId);
        Assert.Contains("infra/ingress.yaml", error.Message, StringComparison.Ordinal);
        Assert.Equal("replicas: 9\n", File.ReadAllText(Path.Combine(clone.Path, "infra/ingress.yaml")));
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    [Fact]
    public void A_detached_head_needs_a_branch()
    {
        using var clone = _scenario.NewClone();
        clone.Git("checkout", "-q", "--detach", "HEAD");
        var refs = _scenario.RemoteRefs;

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, _bad)));
        Assert.Equal("DetachedHead", error.ErrorId);
        Assert.Equal(refs, _scenario.RemoteRefs);

        var request = Request(clone, _bad);
        var withBranch = Assert.Single(FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = request.RepositoryPath,
            Commits = request.Commits,
            Credential = request.Credential,
            Transport = TransportFor(request.Credential),
            Branch = "main",
        }));

        Assert.True(withBranch.Pushed);
        Assert.Equal(_scenario.RemoteHead, withBranch.RevertSha);
    }

    [Fact]
    public void Unpublished_local_commits_are_never_pushed_along_with_the_revert()
    {
        using var clone = _scenario.NewClone();
        clone.Commit("Local work in progress", new Dictionary<string, string> { ["notes.md"] = "wip\n" });
        var (refs, head) = (_scenario.RemoteRefs, clone.Head);

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, _bad)));

        Assert.Equal("LocalBranchAhead", error.ErrorId);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(head, clone.Head);
    }

    [Fact]
    public void A_wrong_password_fails_clearly_without_showing_it_and_changes_nothing()
    {
        using var clone = _scenario.NewClone();
        var (refs, localRefs) = (_scenario.RemoteRefs, clone.Git("for-each-ref"));
        const string wrong = "wrong-Secret-4711";

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = clone.Path,
            Commits = [_bad],
            Credential = new GitCredential(_scenario.Server.User, wrong),
            Transport = TransportFor(new GitCredential(_scenario.Server.User, wrong)),
        }));

        Assert.Equal("GitAuthenticationFailed", error.ErrorId);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(localRefs, clone.Git("for-each-ref"));
    }

    [Fact]
    public void Without_a_credential_the_users_git_credential_helper_is_asked()
    {
        using var clone = _scenario.NewClone();
        var store = Path.Combine(clone.Path, ".git", "test-credentials");
        File.WriteAllText(store, $"http://{_scenario.Server.User}:{_scenario.Server.Password}@127.0.0.1:{_scenario.Server.Port}\n");
        clone.Git("config", "credential.helper", "store --file=" + store);

        var result = Assert.Single(FluxReverter.Run(new RevertRequest { RepositoryPath = clone.Path, Commits = [_bad], Transport = TransportFor(null) }));

        Assert.True(result.Pushed);
        Assert.Equal(_scenario.RemoteHead, result.RevertSha);
    }

    [Fact]
    public void An_unreachable_remote_fails_clearly_and_changes_nothing()
    {
        using var clone = _scenario.NewClone();
        clone.Git("remote", "set-url", "origin", $"http://127.0.0.1:{FreePort.Next()}/fleet.git");
        var localRefs = clone.Git("for-each-ref");

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, _bad)));

        Assert.Equal("GitRemoteUnreachable", error.ErrorId);
        Assert.Equal(localRefs, clone.Git("for-each-ref"));
    }

    [Fact]
    public void An_unknown_sha_fails_clearly_and_changes_nothing()
    {
        using var clone = _scenario.NewClone();
        var (refs, localRefs) = (_scenario.RemoteRefs, clone.Git("for-each-ref"));

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, new string('e', 40))));

        Assert.Equal("CommitNotFound", error.ErrorId);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(localRefs, clone.Git("for-each-ref"));
    }

    [Fact]
    public void A_branch_the_remote_does_not_have_is_a_clear_error()
    {
        using var clone = _scenario.NewClone();
        var request = Request(clone, _bad);

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = request.RepositoryPath,
            Commits = request.Commits,
            Credential = request.Credential,
            Transport = TransportFor(request.Credential),
            Branch = "release",
        }));

        Assert.Equal("RemoteBranchNotFound", error.ErrorId);
        Assert.DoesNotContain("refs/heads/release", _scenario.RemoteRefs, StringComparison.Ordinal);
    }
    [Fact]
    public void Reverting_a_fluxops_revert_needs_force()
    {
        using var clone = _scenario.NewClone();
        var revert = Assert.Single(FluxReverter.Run(Request(clone, _bad))).RevertSha!;

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, revert)));

        Assert.Equal("RevertOfFluxOpsRevert", error.ErrorId);
        Assert.Equal(revert, _scenario.RemoteHead);
    }

    [Fact]
    public void A_missing_identity_is_a_clear_error()
    {
        using var clone = _scenario.NewClone(withIdentity: false);
        clone.Git("config", "user.name", string.Empty);
        var request = Request(clone, _bad);

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = request.RepositoryPath,
            Commits = request.Commits,
            Credential = request.Credential,
            Transport = TransportFor(request.Credential),
            Environment = new Dictionary<string, string?>(),
        }));

        Assert.Equal("IdentityMissing", error.ErrorId);
    }
}
