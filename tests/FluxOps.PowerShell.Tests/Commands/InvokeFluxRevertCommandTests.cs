using System.Management.Automation;
using System.Security;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>The panic button end to end in an in-process PowerShell, against the real git smart-HTTP server.</summary>
public sealed class InvokeFluxRevertCommandTests : IDisposable
{
    private readonly ModuleSession _session = new();
    private readonly FluxRepoScenario _scenario = new("acme/fleet");
    private readonly string _bad;

    public InvokeFluxRevertCommandTests()
    {
        _scenario.Push("Initial", new Dictionary<string, string> { ["apps/web.yaml"] = "image: ghcr.io/acme/web:1.3.0 # {\"$imagepolicy\": \"flux-system:web\"}\n" });
        _bad = _scenario.Push("Update from image update automation", new Dictionary<string, string> { ["apps/web.yaml"] = "image: ghcr.io/acme/web:1.4.0 # {\"$imagepolicy\": \"flux-system:web\"}\n" });
    }

    private PSCredential Credential(string? password = null)
    {
        var secure = new SecureString();
        foreach (var c in password ?? _scenario.Server.Password)
        {
            secure.AppendChar(c);
        }

        return new PSCredential(_scenario.Server.User, secure);
    }

    [Fact]
    public void Found_by_revision_and_piped_into_the_revert_which_is_pushed()
    {
        using var clone = _scenario.NewClone();

        var result = _session.Run(
            "Get-FluxBadCommit -Path $path -Revision $revision | Invoke-FluxRevert -Credential $cred -Reason 'HealthCheckFailed' -Confirm:$false -Verbose",
            new Dictionary<string, object?> { ["path"] = clone.Path, ["revision"] = $"main@sha1:{_bad}", ["cred"] = Credential() });

        Assert.Empty(result.Errors);
        var revert = Assert.Single(result.Output);
        Assert.Equal("FluxOps.Models.RevertResult", revert.BaseObject.GetType().FullName);
        Assert.True((bool)revert.Properties["Pushed"].Value);
        Assert.Equal(_bad, revert.Properties["RevertedSha"].Value);
        Assert.Equal(_scenario.RemoteHead, revert.Properties["RevertSha"].Value);
        Assert.Contains("Fluxops-Reverts: " + _bad, _scenario.RemoteMessage("main"), StringComparison.Ordinal);
        Assert.Contains(result.Verbose, v => v.Contains("fast-forward only", StringComparison.Ordinal));
        Assert.DoesNotContain(_scenario.Server.Password, result.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_changes_nothing_locally_or_on_the_remote()
    {
        using var clone = _scenario.NewClone();
        var (refs, localRefs) = (_scenario.RemoteRefs, clone.Git("for-each-ref"));

        var result = _session.Run("Invoke-FluxRevert $sha -Path $path -Credential $cred -WhatIf",
            new Dictionary<string, object?> { ["path"] = clone.Path, ["sha"] = _bad, ["cred"] = Credential() });

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(localRefs, clone.Git("for-each-ref"));
        Assert.Equal(string.Empty, clone.Git("status", "--porcelain"));
    }

    [Fact]
    public void A_wrong_password_is_an_authentication_error_that_never_shows_the_password()
    {
        using var clone = _scenario.NewClone();
        var refs = _scenario.RemoteRefs;
        const string wrong = "Wrong-Pass-991";

        var result = _session.Run("Invoke-FluxRevert $sha -Path $path -Credential $cred -Confirm:$false -Verbose",
            new Dictionary<string, object?> { ["path"] = clone.Path, ["sha"] = _bad, ["cred"] = Credential(wrong) });

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("GitAuthenticationFailed", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.DoesNotContain(wrong, result.AllText, StringComparison.Ordinal);
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    [Fact]
    public void An_oci_revision_is_refused_as_not_a_git_commit()
    {
        using var clone = _scenario.NewClone();

        var result = _session.Run("Get-FluxBadCommit -Path $path -Revision 'latest@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae'",
            new Dictionary<string, object?> { ["path"] = clone.Path });

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RevisionInvalid", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("not a git commit", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PullRequest_with_NoPush_is_refused_before_anything_is_built()
    {
        using var clone = _scenario.NewClone();
        var head = clone.Git("rev-parse", "HEAD");

        var result = _session.Run("Invoke-FluxRevert -Path $path -Sha $sha -PullRequest -NoPush -Confirm:$false",
            new Dictionary<string, object?> { ["path"] = clone.Path, ["sha"] = _bad });

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("PullRequestWithNoPush", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Equal(head, clone.Git("rev-parse", "HEAD"));
    }

    [Fact]
    public void A_conflict_error_lists_the_files_and_leaves_the_clone_as_it_was()
    {
        _scenario.Push("Later change", new Dictionary<string, string> { ["apps/web.yaml"] = "image: ghcr.io/acme/web:2.0.0\n" });
        using var clone = _scenario.NewClone();
        var (refs, head) = (_scenario.RemoteRefs, clone.Head);

        var result = _session.Run("Invoke-FluxRevert $sha -Path $path -Credential $cred -Confirm:$false",
            new Dictionary<string, object?> { ["path"] = clone.Path, ["sha"] = _bad, ["cred"] = Credential() });

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RevertConflict", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("apps/web.yaml", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(head, clone.Head);
        Assert.Equal(string.Empty, clone.Git("status", "--porcelain"));
    }

    [Fact]
    public void PullRequest_pushes_a_revert_branch_and_opens_a_github_pull_request()
    {
        using var github = new FakeGitHostServer(_scenario.BarePath, _scenario.Server.Password);
        using var clone = _scenario.NewClone();
        var main = _scenario.RemoteHead;

        var result = _session.Run("Invoke-FluxRevert $sha -Path $path -Credential $cred -PullRequest -Provider GitHub -ApiUrl $api -Confirm:$false",
            new Dictionary<string, object?> { ["path"] = clone.Path, ["sha"] = _bad, ["cred"] = Credential(), ["api"] = github.GitHubApiUrl });

        Assert.Empty(result.Errors);
        var revert = Assert.Single(result.Output);
        Assert.Equal("https://github.example/acme/fleet/pull/1", revert.Properties["PullRequestUrl"].Value);
        Assert.Equal(main, _scenario.RemoteHead); // the protected branch itself is untouched
        var branch = "fluxops/revert-" + _bad[..7];
        Assert.Equal(revert.Properties["RevertSha"].Value, _scenario.Git("rev-parse", "refs/heads/" + branch));
        var sent = Assert.Single(github.PullRequests);
        Assert.Equal("/github/api/v3/repos/acme/fleet/pulls", sent.Path);
        Assert.Equal(branch, sent.Json.GetProperty("head").GetString());
        Assert.Equal("main", sent.Json.GetProperty("base").GetString());
        Assert.DoesNotContain(_scenario.Server.Password, result.AllText, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _session.Dispose();
        _scenario.Dispose();
    }
}
