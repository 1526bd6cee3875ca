using System.Text;

namespace FluxOps.Testing;

/// <summary>
/// Repository files that are valid enough to look like Flux manifests (they say <c>kind:</c> and name Flux kinds) but
/// attack whatever parses them: 100,000 nested '[' (YamlDotNet's representation model recurses once per level and
/// overflows the stack, which no catch survives), an alias bomb (a billion nodes from a few lines) and bytes that are
/// not UTF-8. They live under <c>_vendor/</c>, which sorts before every fleet folder, so a reader meets them first,
/// the deepest first.
/// </summary>
public static class HostileYaml
{
    public const int Nesting = 100_000;

    public static byte[] DeepNesting { get; } = Encoding.UTF8.GetBytes(
        "apiVersion: image.toolkit.fluxcd.io/v1\nkind: ImageUpdateAutomation\nmetadata: {name: deep, namespace: flux-system}\nspec: "
        + new string('[', Nesting) + "\n");

    public static byte[] AliasBomb { get; } = Encoding.UTF8.GetBytes(string.Join('\n',
    [
        "apiVersion: kustomize.toolkit.fluxcd.io/v1",
        "kind: Kustomization",
        "metadata: {name: apps, namespace: flux-system}",
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]",
        "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]",
        "spec: {path: ./nowhere, lol: [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]}",
        "# ImageUpdateAutomation",
        string.Empty,
    ]));

    public static byte[] NotUtf8 { get; } =
    [
        .. "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\n"u8,
        .. "spec: {path: ./elsewhere} # ImageUpdateAutomation "u8, 0xC3, 0x28, 0xFF, 0xFE, (byte)'\n',
    ];

    /// <summary>The three files by repository path.</summary>
    public static IReadOnlyDictionary<string, byte[]> Files { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["_vendor/1-deep.yaml"] = DeepNesting,
        ["_vendor/2-alias-bomb.yaml"] = AliasBomb,
        ["_vendor/3-not-utf8.yaml"] = NotUtf8,
    };

    /// <summary>Writes the files byte for byte into a clone and commits them; returns the sha.</summary>
    public static string Commit(GitWorkTree clone, string message = "Vendor third-party manifests")
    {
        ArgumentNullException.ThrowIfNull(clone);
        foreach (var (relative, bytes) in Files)
        {
            var full = Path.Combine(clone.Path, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
            clone.Git("add", "--", relative);
        }

        clone.Git("commit", "-q", "-m", message);
        return clone.Head;
    }
}
