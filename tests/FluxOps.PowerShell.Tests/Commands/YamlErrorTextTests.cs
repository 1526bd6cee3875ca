using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>A manifest YamlDotNet cannot follow is an error in FluxOps' words, never .NET's "Operation is not valid ...".</summary>
public sealed class YamlErrorTextTests : IDisposable
{
    // Found by ManifestScannerPropertyTests: YamlDotNet's scanner throws a bare InvalidOperationException on it.
    private const string Trips =
        "kind: Deployment\n{>-\n&a image: \\    - image: acme/app:1\n&a ? {\t- op: add\n  path: /x/image\n  value: a:1\n>-\nkind: Deployment\n" +
        "\"'- <<: *a\n]images:\n- name: x\n  newTag: y\n- op: add\n  path: /x/image\n  value: a:1\nimage: : ";

    private readonly ModuleSession _session = new();
    private readonly GitWorkTree _repo = new("main");

    [Fact]
    public void Get_ChangedImages_names_the_file_and_line_in_its_own_words()
    {
        _repo.Commit("Broken manifest", new Dictionary<string, string> { ["apps/web.yaml"] = Trips });

        var result = _session.Run("Get-ChangedImages -Path $path -All", new Dictionary<string, object?> { ["path"] = _repo.Path });

        // One error for the file in FluxOps' words, then the gate's own (the file's images cannot be vouched for).
        var error = Assert.Single(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("ManifestUnreadable,", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("ChangedManifestUnreadable,", StringComparison.Ordinal));
        Assert.StartsWith("apps/web.yaml: not readable as YAML near line ", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Operation is not valid", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("current state of the object", result.AllText, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _session.Dispose();
        _repo.Dispose();
    }
}
