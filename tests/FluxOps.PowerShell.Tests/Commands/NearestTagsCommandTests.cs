using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>Test-ImageTag names the nearest existing tags of a missing one, in the result, the gate's error and on request not at all.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class NearestTagsCommandTests(CmdletRegistry registries) : IClassFixture<CmdletRegistry>, IDisposable
{
    private readonly ModuleSession _session = new();
    private readonly TempDirectory _home = new("fluxops-pshome");

    private SessionResult Run(string script) => _session.Run(
        "$saved = $env:DOCKER_CONFIG; $env:DOCKER_CONFIG = $fakehome; try { " + script + " } finally { $env:DOCKER_CONFIG = $saved }",
        new Dictionary<string, object?> { ["open"] = registries.Open.Host, ["fakehome"] = _home.Path });

    [Fact]
    public void A_missing_tag_names_the_newest_existing_one_and_the_gate_error_repeats_it()
    {
        var result = Run("\"$open/app:v2\" | Test-ImageTag -Annotate None -FailOnMissing");

        var checkResult = Assert.Single(result.Output);
        Assert.Equal("NotFound", checkResult.Properties["Status"].Value?.ToString());
        Assert.Equal(new[] { "v1" }, (IEnumerable<string>)checkResult.Properties["NearestTags"].Value);
        Assert.Equal($"app:v2 not found in {registries.Open.Host}; newest: v1.", checkResult.Properties["Error"].Value);
        var gate = Assert.Single(result.Errors);
        Assert.StartsWith("ImageMissing", gate.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains($"{registries.Open.Host}/app:v2 (nearest tags: v1)", gate.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoTagList_keeps_the_plain_answer()
    {
        var result = Run("Test-ImageTag \"$open/app:v2\" -Annotate None -NoTagList");

        var checkResult = Assert.Single(result.Output);
        Assert.Empty((IEnumerable<string>)checkResult.Properties["NearestTags"].Value);
        Assert.StartsWith("tag 'v2' not found", (string)checkResult.Properties["Error"].Value, StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();
}
