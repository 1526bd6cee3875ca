using System.Management.Automation;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

public sealed class GetChangedImagesCommandTests : IDisposable
{
    private static readonly string Deployment = SampleManifests.Deployment();

    private readonly ModuleSession _session = new();
    private readonly GitWorkTree _repo = new();

    [Fact]
    public void Writes_typed_image_references_that_name_file_line_and_previous()
    {
        _repo.Commit("base", new Dictionary<string, string> { ["apps/web.yaml"] = Deployment });
        _repo.Commit("bump", new Dictionary<string, string> { ["apps/web.yaml"] = Deployment.Replace("1.0.0", "1.1.0", StringComparison.Ordinal) });

        var result = _session.Run("Get-ChangedImages -Path $repo -Base HEAD~1", Vars());

        Assert.Empty(result.Errors);
        var image = Assert.Single(result.Output);
        Assert.Equal("FluxOps.Models.ImageReference", image.BaseObject.GetType().FullName);
        Assert.Equal("ghcr.io/acme/web:1.1.0", image.Properties["Image"].Value);
        Assert.Equal("apps/web.yaml", image.Properties["File"].Value);
        Assert.Equal(9, image.Properties["Line"].Value);
        Assert.Equal("Modified", image.Properties["Change"].Value);
        Assert.Equal("ghcr.io/acme/web:1.0.0", image.Properties["Previous"].Value);
    }

    [Fact]
    public void Uses_the_current_location_and_shows_skip_reasons_on_the_verbose_stream()
    {
        _repo.Commit("base", new Dictionary<string, string>());
        _repo.Commit("mixed", new Dictionary<string, string>
        {
            ["apps/web.yaml"] = Deployment,
            ["overlays/kustomization.yaml"] = "images:\n  - name: ghcr.io/acme/web\n    newTag: CONTAINER_IMAGES_TAG\n",
            [".github/workflows/ci.yml"] = "jobs: {}\n",
        });

        var result = _session.Run("Set-Location $repo; Get-ChangedImages -Base HEAD~1 -Verbose", Vars());

        Assert.Empty(result.Errors);
        Assert.Equal("ghcr.io/acme/web:1.0.0", Assert.Single(result.Output).Properties["Image"].Value);
        // The overlay lists no resources: its images entry matches no container and deploys nothing.
        Assert.DoesNotContain(result.Output, o => (string)o.Properties["File"].Value == "overlays/kustomization.yaml");
        Assert.Contains(result.Verbose, v => v.Contains(".github/workflows/ci.yml: CI workflow file", StringComparison.Ordinal));
        var head = _repo.Head[..7];
        Assert.Contains(result.Verbose, v => v.StartsWith("Comparing ", StringComparison.Ordinal) && v.Contains($"with {head}: 3 changed file(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_file_is_one_non_terminating_error_and_the_others_still_yield()
    {
        _repo.Commit("base", new Dictionary<string, string>());
        _repo.Commit("mixed", new Dictionary<string, string>
        {
            ["a/bomb.yaml"] = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
            ["b/web.yaml"] = Deployment,
        });

        var result = _session.Run("Get-ChangedImages -Path $repo -Base HEAD~1", Vars());

        // One error for the file, then the gate fails closed: a terminating error naming it.
        Assert.Equal(2, result.Errors.Count);
        var error = result.Errors[0];
        Assert.Equal("ManifestUnreadable,FluxOps.PowerShell.Commands.GetChangedImagesCommand", error.FullyQualifiedErrorId);
        Assert.Equal("ChangedManifestUnreadable,FluxOps.PowerShell.Commands.GetChangedImagesCommand", result.Errors[1].FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("a/bomb.yaml", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal("b/web.yaml", Assert.Single(result.Output).Properties["File"].Value);
    }

    [Fact]
    public void IncludeWorkingTree_reports_staged_and_unstaged_edits_for_pre_commit_hooks()
    {
        _repo.Commit("base", new Dictionary<string, string> { ["apps/web.yaml"] = Deployment, ["apps/api.yaml"] = Deployment.Replace("acme/web", "acme/api", StringComparison.Ordinal) });
        File.WriteAllText(Path.Combine(_repo.Path, "apps/web.yaml"), Deployment.Replace("1.0.0", "1.0.1-unstaged", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_repo.Path, "apps/api.yaml"), Deployment.Replace("acme/web:1.0.0", "acme/api:2.0.0-staged", StringComparison.Ordinal));
        _repo.Git("add", "apps/api.yaml");

        var committed = _session.Run("Get-ChangedImages -Path $repo -Base HEAD", Vars());
        var working = _session.Run("Get-ChangedImages -Path $repo -Base HEAD -IncludeWorkingTree | Sort-Object File", Vars());

        Assert.Empty(committed.Output);
        Assert.Empty(working.Errors);
        Assert.Equal(["ghcr.io/acme/api:2.0.0-staged", "ghcr.io/acme/web:1.0.1-unstaged"], working.Output.Select(o => (string)o.Properties["Image"].Value));
    }

    [Fact]
    public void Files_over_the_size_cap_fail_the_gate_unless_SkipUnreadable_makes_them_a_warning()
    {
        _repo.Commit("base", new Dictionary<string, string>());
        _repo.Commit("huge", new Dictionary<string, string> { ["huge.yaml"] = "# " + new string('x', 9 * 1024 * 1024) + "\n" });

        var failed = _session.Run("Get-ChangedImages -Path $repo -Base HEAD~1", Vars());
        Assert.Contains(failed.Errors, e => e.FullyQualifiedErrorId.StartsWith("ChangedManifestUnreadable", StringComparison.Ordinal) && e.Exception.Message.Contains("huge.yaml", StringComparison.Ordinal));

        var result = _session.Run("Get-ChangedImages -Path $repo -Base HEAD~1 -SkipUnreadable", Vars());

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Contains(result.Warnings, w => w.Contains("huge.yaml", StringComparison.Ordinal) && w.Contains("cap", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Get-ChangedImages -Path $outside", "NotAGitRepository")]
    [InlineData("Get-ChangedImages -Path $repo -Base no-such-branch", "RevisionNotFound")]
    [InlineData("Get-ChangedImages -Path $repo", "NoBaseRevision")]
    public void Repository_problems_are_terminating_errors_with_stable_ids(string script, string errorId)
    {
        _repo.Commit("base", new Dictionary<string, string> { ["apps/web.yaml"] = Deployment });
        using var outside = new TempDirectory("fluxops-outside");
        var variables = Vars();
        variables["outside"] = outside.Path;

        // try/catch only sees terminating errors: a non-terminating one would fall through to 'completed'.
        var result = _session.Run($"try {{ {script}; 'completed' }} catch {{ $_.FullyQualifiedErrorId }}", variables);

        Assert.Equal(errorId + ",FluxOps.PowerShell.Commands.GetChangedImagesCommand", Assert.Single(result.Output).ToString());
    }

    [Fact]
    public void All_and_globs_select_files_and_the_table_view_shows_location()
    {
        _repo.Commit("tree", new Dictionary<string, string>
        {
            ["apps/web.yaml"] = Deployment,
            ["infra/values.yaml"] = "image: {repository: acme/infra, tag: '2'}\n",
        });

        var result = _session.Run("Get-ChangedImages -Path $repo -All -Include 'apps/**' | Format-Table | Out-String -Width 200", Vars());

        Assert.Empty(result.Errors);
        var table = string.Concat(result.Output.Select(o => o.ToString()));
        Assert.Contains("apps/web.yaml:9:18", table, StringComparison.Ordinal);
        Assert.Contains("Deployment/web", table, StringComparison.Ordinal);
        Assert.DoesNotContain("acme/infra", table, StringComparison.Ordinal);
    }

    private Dictionary<string, object?> Vars() => new() { ["repo"] = _repo.Path };

    public void Dispose()
    {
        _session.Dispose();
        _repo.Dispose();
    }
}
