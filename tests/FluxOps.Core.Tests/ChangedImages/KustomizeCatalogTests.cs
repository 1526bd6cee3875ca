using System.Globalization;
using FluxOps.Core.ChangedImages;
using FluxOps.Core.Git;
using FluxOps.Core.Manifests;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.ChangedImages;

/// <summary>
/// The kustomize catalog a run derives from the previous revision's (only the folders that differ are read) must be the
/// one a full read of the tree gives, over random histories: kustomization files added, rewritten, deleted, doubled in
/// one folder and moved, Flux Kustomizations added and removed. And the native object reader must see what LibGit2Sharp sees.
/// </summary>
public sealed class KustomizeCatalogTests : IDisposable
{
    private const int Folders = 30;
    private readonly GitWorkTree _repo = new();

    [Fact]
    public void A_catalog_derived_from_the_previous_commit_equals_one_built_from_the_whole_tree()
    {
        var random = new Random(1207);
        var files = new Dictionary<string, string>();
        for (var i = 0; i < Folders; i++)
        {
            files[$"apps/a{i}/deploy.yaml"] = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx:1.0}]\n";
            files[$"apps/a{i}/{KustomizationFile.FileNames[random.Next(3)]}"] = Kustomization(random);
        }

        _repo.Commit("start", files);
        var (previousSummary, previous) = Built();
        for (var commit = 0; commit < 40; commit++)
        {
            for (var change = random.Next(1, 4); change > 0; change--)
            {
                Mutate(random);
            }

            _repo.Git("add", "-A");
            _repo.Commit($"change {commit}", new Dictionary<string, string>());
            var (summary, built) = Built();
            var differences = new SummaryDifferences();
            TreeSummary.Differences(previousSummary, summary, string.Empty, differences);
            var derived = previous.Derive(differences.KustomizationsRemoved, differences.KustomizationsAdded, differences.FluxRemoved, differences.FluxAdded, Parse);

            Assert.Equal(Describe(built), Describe(derived));
            (previousSummary, previous) = (summary, built);
        }
    }

    [Fact]
    public void The_native_object_reader_sees_the_same_trees_and_blobs_as_LibGit2Sharp()
    {
        _repo.Commit("tree", new Dictionary<string, string>
        {
            ["apps/web/kustomization.yaml"] = "resources: [deploy.yaml]\n",
            ["apps/web/deploy.yaml"] = "kind: Pod\n",
            ["Kustomization"] = "resources: [apps/web]\n",
            ["tools/run.sh"] = "#!/bin/sh\n",
        });
        _repo.Git("update-index", "--chmod=+x", "tools/run.sh");
        _repo.Commit("exec", new Dictionary<string, string>());
        using var repository = new LibGit2Sharp.Repository(_repo.Path);
        using var native = GitObjectReader.Open(repository);
        using var managed = GitObjectReader.Managed(repository);
        Assert.True(native.IsNative, "libgit2's object database entry points are bound on this machine");

        var trees = new Queue<GitOid>([GitOid.FromBytes(repository.Head.Tip.Tree.Id.RawId)]);
        var blobs = 0;
        while (trees.TryDequeue(out var tree))
        {
            var entries = native.Tree(tree);
            Assert.Equal(managed.Tree(tree), entries);
            foreach (var entry in entries)
            {
                if (entry.IsTree)
                {
                    trees.Enqueue(entry.Id);
                    continue;
                }

                Assert.Equal(managed.Size(entry.Id), native.Size(entry.Id));
                Assert.Equal(managed.Blob(entry.Id), native.Blob(entry.Id));
                blobs++;
            }
        }

        Assert.Equal(4, blobs);
        Assert.Contains(native.Tree(GitOid.FromBytes(repository.Head.Tip.Tree["tools"].Target.Id.RawId)), e => e.Mode == TreeEntryParser.ExecutableFileMode);
    }

    private static string Kustomization(Random random)
    {
        var resources = new List<string> { "deploy.yaml" };
        for (var n = random.Next(3); n > 0; n--)
        {
            resources.Add($"../a{random.Next(Folders)}");
        }

        var components = random.Next(4) == 0 ? $"components: [../a{random.Next(Folders)}]\n" : string.Empty;
        return $"resources: [{string.Join(", ", resources)}]\n{components}";
    }

    private void Mutate(Random random)
    {
        var folder = Path.Combine(_repo.Path, "apps", "a" + random.Next(Folders).ToString(CultureInfo.InvariantCulture));
        var existing = KustomizationFile.FileNames.Select(n => Path.Combine(folder, n)).Where(File.Exists).ToList();
        switch (random.Next(6))
        {
            case 0 when existing.Count > 0:
                File.WriteAllText(existing[0], Kustomization(random));
                break;
            case 1 when existing.Count > 0:
                File.Delete(existing[random.Next(existing.Count)]);
                break;
            case 2:
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, KustomizationFile.FileNames[random.Next(3)]), Kustomization(random));
                break;
            case 3:
                var name = "f" + random.Next(5).ToString(CultureInfo.InvariantCulture);
                Directory.CreateDirectory(Path.Combine(_repo.Path, "clusters"));
                File.WriteAllText(Path.Combine(_repo.Path, "clusters", name + ".yaml"),
                    $"apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {{name: {name}}}\nspec:\n  path: ./apps/a{random.Next(Folders)}\n");
                break;
            case 4 when Directory.Exists(Path.Combine(_repo.Path, "clusters")):
                foreach (var file in Directory.GetFiles(Path.Combine(_repo.Path, "clusters")).Take(1))
                {
                    File.WriteAllText(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: not-flux}\n");
                }

                break;
            case 5 when Directory.Exists(folder):
                var target = Path.Combine(_repo.Path, "moved", "m" + random.Next(1000).ToString(CultureInfo.InvariantCulture));
                if (!Directory.Exists(target))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    Directory.Move(folder, target);
                }

                break;
            default:
                break;
        }
    }

    private (TreeSummary Summary, KustomizeCatalog Catalog) Built()
    {
        using var repository = new LibGit2Sharp.Repository(_repo.Path);
        using var reader = GitObjectReader.Open(repository);
        var tree = GitOid.FromBytes(repository.Head.Tip.Tree.Id.RawId);
        var summary = TreeSummaries.Of(reader, reader.Tree, tree, ManifestScanner.DefaultMaxFileBytes);
        var kustomizations = new List<(string Path, GitOid Blob)>();
        var flux = new List<(string Path, GitOid Blob)>();
        summary.Collect(string.Empty, kustomizations, flux);
        return (summary, KustomizeCatalog.Build(kustomizations.Select(k => k.Path), flux.Select(f => f.Path), Parse));
    }

    private KustomizationFile Parse(string path) => KustomizationFile.Parse(path, File.ReadAllBytes(Path.Combine(_repo.Path, path)));

    private static List<string> Describe(KustomizeCatalog catalog) =>
        catalog.Directories.Select(d => $"folder {d.Key}: {string.Join(", ", d.Value.Order(StringComparer.Ordinal))}")
            .Concat(catalog.ReferrerMap.Select(r => $"included {r.Key} by {string.Join(", ", r.Value.Order(StringComparer.Ordinal))}"))
            .Concat(catalog.FluxManifests.Select(f => "flux " + f))
            .Order(StringComparer.Ordinal)
            .ToList();

    public void Dispose() => _repo.Dispose();
}
