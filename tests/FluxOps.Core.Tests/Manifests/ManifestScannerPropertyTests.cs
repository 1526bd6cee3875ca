using System.Text;
using FluxOps.Core.Manifests;
using FsCheck;
using FsCheck.Fluent;

namespace FluxOps.Core.Tests.Manifests;

/// <summary>Random and hostile YAML never crashes or hangs the scanner: it returns images or notices, nothing else.</summary>
public sealed class ManifestScannerPropertyTests
{
    private static readonly string[] Fragments =
    [
        "apiVersion: apps/v1\n", "kind: Deployment\n", "---\n", "spec:\n", "  containers:\n", "    - image: acme/app:1\n",
        "- op: add\n  path: /x/image\n  value: a:1\n", "&a ", "*a", "<<: *a\n", "[", "]", "{", "}", ": ", "- ", "'", "\"",
        "\t", "\n", "  ", "#", " # {\"$imagepolicy\": \"ns:p:tag\"}\n", "image: ", "repository: r\ntag: 1.10\n",
        "images:\n- name: x\n  newTag: y\n", "\u00e9", "\uFEFF", "%YAML 1.2\n", "!!binary ", "? ", "|\n", ">-\n", "{{", "\\",
    ];

    [Fact]
    public void Any_combination_of_yaml_fragments_is_scanned_without_throwing()
    {
        var fragments = Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts));
        var paths = Gen.Elements("a.yaml", "values.yaml", "kustomization.yaml", "p.json");
        Prop.ForAll(Arb.From(fragments), Arb.From(paths), (yaml, path) => ScanIsWellBehaved(path, Encoding.UTF8.GetBytes(yaml)))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_bytes_are_scanned_without_throwing()
    {
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<byte[]>()), bytes => ScanIsWellBehaved("random.yaml", bytes))
            .QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(50_000)]
    [InlineData(200_000)]
    public void Deep_mixed_nesting_is_refused_fast(int depth)
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            yaml.Append(i % 2 == 0 ? "[" : "{a: ");
        }

        Assert.True(ScanIsWellBehaved("deep.yaml", Encoding.UTF8.GetBytes(yaml.ToString())));
    }

    private static bool ScanIsWellBehaved(string path, byte[] bytes)
    {
        var task = Task.Run(() => ManifestScanner.Scan(path, bytes));
        if (!task.Wait(TimeSpan.FromSeconds(20)))
        {
            throw new TimeoutException("scanner hung on: " + Convert.ToBase64String(bytes));
        }

        var result = task.Result;
        return result.Images.All(i => i.Reference.Line >= 1 && !string.IsNullOrEmpty(i.Reference.Image))
            && result.Notices.All(n => n.Reason.Length > 0);
    }
}
