using FluxOps.Core.Git;
using FluxOps.Core.Manifests;
using FluxOps.Testing;
using LibGit2Sharp;

namespace FluxOps.Core.Tests.Git;

public sealed class TreeDiffTests : IDisposable
{
    private readonly GitWorkTree _repo = new();

    [Fact]
    public void Lists_the_same_changes_and_renames_as_git_diff_name_status()
    {
        var manifest = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"key{i}: value{i}")) + "\n";
        _repo.Commit("base", new Dictionary<string, string>
        {
            ["apps/a/deploy.yaml"] = manifest,
            ["apps/b/deploy.yaml"] = manifest + "b: 1\n",
            ["apps/c/old.yaml"] = manifest + "c: 1\n",
            ["apps/d/gone/deep.yaml"] = "d: 1\n",
            ["infra/untouched/x.yaml"] = "x: 1\n",
            ["file-becomes-folder"] = "f: 1\n",
        });
        var baseSha = _repo.Head;
        Directory.CreateDirectory(Path.Combine(_repo.Path, "apps/a2"));
        _repo.Git("mv", "apps/a/deploy.yaml", "apps/a2/deploy.yaml");
        _repo.Git("mv", "apps/c/old.yaml", "apps/c/new.yaml");
        File.AppendAllText(Path.Combine(_repo.Path, "apps/c/new.yaml"), "edited: true\n");
        File.WriteAllText(Path.Combine(_repo.Path, "apps/b/deploy.yaml"), manifest + "b: 2\n");
        _repo.Git("rm", "-q", "-r", "apps/d", "file-becomes-folder");
        _repo.Git("add", "-A");
        _repo.Commit("change", new Dictionary<string, string>
        {
            ["apps/e/new/deeper/thing.yaml"] = "e: 1\n",
            ["file-becomes-folder/inside.yaml"] = "g: 1\n",
        });

        using var repository = new Repository(_repo.Path);
        var ours = TreeDiff.Compare(repository, repository.Lookup<Commit>(baseSha).Tree, repository.Head.Tip.Tree, ManifestFileRules.IsManifestPath, ManifestScanner.DefaultMaxFileBytes)
            .Select(c => c.OldPath is null ? $"A {c.Path}" : c.OldPath == c.Path ? $"M {c.Path}" : $"R {c.OldPath} -> {c.Path}")
            .Order(StringComparer.Ordinal);
        var git = _repo.Git("diff", "--name-status", "-M", baseSha, "HEAD")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Where(p => p[0] != "D")
            .Select(p => p[0][0] switch
            {
                'R' => $"R {p[1]} -> {p[2]}",
                var k => $"{k} {p[1]}",
            })
            .Order(StringComparer.Ordinal);

        Assert.Equal(git, ours);
    }

    public void Dispose() => _repo.Dispose();
}
