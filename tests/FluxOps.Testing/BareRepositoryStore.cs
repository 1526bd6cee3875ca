using System.Diagnostics;
using System.Text;

namespace FluxOps.Testing;

/// <summary>A file change for <see cref="BareRepositoryStore.CommitOnto"/>: new content, or null to delete.</summary>
public sealed record StoreFileChange(string Path, byte[]? Content);

/// <summary>
/// Reads and writes a bare repository with the real git CLI, binary-safe: the storage behind the fake hosting APIs.
/// Objects are written with <c>git hash-object -w</c>, trees through a private index (<c>read-tree</c>,
/// <c>update-index</c>, <c>write-tree</c>), commits with <c>git commit-tree</c>, and refs only with
/// <c>git update-ref ref new old</c>: git's own compare-and-swap.
/// </summary>
public sealed class BareRepositoryStore(string barePath)
{
    public string BarePath => barePath;

    public sealed record CommitInfo(string Sha, string Tree, IReadOnlyList<string> Parents, string CommitterDate, string Message)
    {
        public string AuthorName { get; init; } = "Fake Host";

        public string AuthorEmail { get; init; } = "noreply@fake-host.test";

        public string AuthorDate { get; init; } = CommitterDate;

        public string CommitterName { get; init; } = "Fake Host";

        public string CommitterEmail { get; init; } = "noreply@fake-host.test";
    }

    public sealed record PathChange(char Status, string Path, string? OldPath);

    public string? ResolveCommit(string commitish)
    {
        var result = Run(["rev-parse", "--verify", "--quiet", commitish + "^{commit}"]);
        return result.Code == 0 ? Text(result.Out).Trim() : null;
    }

    public CommitInfo? Commit(string commitish)
    {
        if (ResolveCommit(commitish) is not { } sha)
        {
            return null;
        }

        var fields = Text(Run(["show", "-s", "--format=%H%x00%T%x00%P%x00%cI%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%B", sha]).Out).Split('\0');
        return new CommitInfo(fields[0], fields[1], fields[2].Split(' ', StringSplitOptions.RemoveEmptyEntries), fields[3], fields[9].TrimEnd('\n') + "\n")
        {
            AuthorName = fields[4],
            AuthorEmail = fields[5],
            AuthorDate = fields[6],
            CommitterName = fields[7],
            CommitterEmail = fields[8],
        };
    }

    /// <summary>One entry of a tree: mode, type (blob, tree, commit), object id, and its path (relative to the listed tree).</summary>
    public sealed record TreeEntry(string Mode, string Type, string Sha, string Path, long? Size);

    /// <summary>Commits reachable from <paramref name="commitish"/>, newest first, optionally touching <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Log(string commitish, string? path, int limit, int skip = 0)
    {
        if (ResolveCommit(commitish) is not { } sha)
        {
            return [];
        }

        var arguments = new List<string> { "log", "--format=%H", "-n", limit.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skip=" + skip.ToString(System.Globalization.CultureInfo.InvariantCulture), sha };
        if (path is not null)
        {
            arguments.AddRange(["--", path]);
        }

        return Text(Run(arguments).Out).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public IReadOnlyList<PathChange> Changes(string sha)
    {
        var info = Commit(sha)!;
        var arguments = info.Parents.Count == 0
            ? new List<string> { "diff-tree", "--root", "--no-commit-id", "-r", "-M", "--name-status", "-z", sha }
            : ["diff-tree", "--no-commit-id", "-r", "-M", "--name-status", "-z", info.Parents[0], sha];
        var fields = Text(Run(arguments).Out).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var changes = new List<PathChange>();
        for (var i = 0; i < fields.Length;)
        {
            var status = fields[i][0];
            if (status is 'R' or 'C')
            {
                changes.Add(new PathChange(status, fields[i + 2], fields[i + 1]));
                i += 3;
            }
            else
            {
                changes.Add(new PathChange(status, fields[i + 1], null));
                i += 2;
            }
        }

        return changes;
    }

    public byte[]? ReadFile(string commitish, string path)
    {
        var result = Run(["cat-file", "blob", $"{commitish}:{path}"]);
        return result.Code == 0 ? result.Out : null;
    }

    /// <summary>The entries of a tree (or of a commit's tree), with blob sizes; all files below it when <paramref name="recursive"/>.</summary>
    public IReadOnlyList<TreeEntry>? ListTree(string treeish, bool recursive)
    {
        var arguments = new List<string> { "ls-tree", "-z", "-l" };
        if (recursive)
        {
            arguments.AddRange(["-r", "-t"]);
        }

        arguments.Add(treeish);
        var result = Run(arguments);
        if (result.Code != 0)
        {
            return null;
        }

        return Text(result.Out).Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var (meta, path) = (line[..line.IndexOf('\t', StringComparison.Ordinal)], line[(line.IndexOf('\t', StringComparison.Ordinal) + 1)..]);
            var fields = meta.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new TreeEntry(fields[0], fields[1], fields[2], path, long.TryParse(fields[3], out var size) ? size : null);
        }).ToList();
    }

    /// <summary>Every ref and the commit it points at.</summary>
    public IReadOnlyList<(string Name, string Sha)> ListRefs() =>
        Text(Run(["for-each-ref", "--format=%(refname) %(objectname)"]).Out).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => (l.Split(' ')[0], l.Split(' ')[1])).ToList();

    /// <summary>The object's type (blob, tree, commit, tag), or null when it does not exist.</summary>
    public string? ObjectType(string sha)
    {
        var result = Run(["cat-file", "-t", sha]);
        return result.Code == 0 ? Text(result.Out).Trim() : null;
    }

    public byte[]? ReadBlob(string sha) => Run(["cat-file", "blob", sha]) is { Code: 0 } result ? result.Out : null;

    /// <summary>The last commit up to <paramref name="tip"/> that changed <paramref name="path"/>.</summary>
    public string LastCommitTouching(string tip, string path) => Text(Run(["log", "-1", "--format=%H", tip, "--", path]).Out).Trim();

    public string WriteBlob(byte[] content) => Text(Ok(Run(["hash-object", "-w", "--stdin"], content), "hash-object").Out).Trim();

    /// <summary>The tree of <paramref name="baseTree"/> with the changes applied (null content or sha = delete).</summary>
    public string WriteTree(string baseTree, IEnumerable<(string Path, string Mode, string? BlobSha)> entries)
    {
        // update-index wants a work tree even for --cacheinfo/--force-remove, which never touch it: give it an empty one.
        var scratch = Directory.CreateTempSubdirectory("fake-host-index-").FullName;
        try
        {
            var environment = new Dictionary<string, string> { ["GIT_INDEX_FILE"] = System.IO.Path.Combine(scratch, "index"), ["GIT_WORK_TREE"] = scratch };
            Ok(Run(["read-tree", baseTree], null, environment), "read-tree");
            foreach (var (path, mode, blob) in entries)
            {
                Ok(blob is null
                    ? Run(["update-index", "--force-remove", "--", path], null, environment)
                    : Run(["update-index", "--add", "--cacheinfo", $"{mode},{blob},{path}"], null, environment), "update-index");
            }

            return Text(Ok(Run(["write-tree"], null, environment), "write-tree").Out).Trim();
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    public string WriteCommit(string tree, IReadOnlyList<string> parents, string message, string authorName, string authorEmail)
    {
        var arguments = new List<string> { "commit-tree", tree };
        foreach (var parent in parents)
        {
            arguments.AddRange(["-p", parent]);
        }

        var environment = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = authorName,
            ["GIT_AUTHOR_EMAIL"] = authorEmail,
            ["GIT_COMMITTER_NAME"] = "Fake Host",
            ["GIT_COMMITTER_EMAIL"] = "noreply@fake-host.test",
        };
        return Text(Ok(Run(arguments, Encoding.UTF8.GetBytes(message), environment), "commit-tree").Out).Trim();
    }

    /// <summary>Commits the changes onto <paramref name="parent"/> (tree built from the parent's tree).</summary>
    public string CommitOnto(string parent, IEnumerable<StoreFileChange> changes, string message, string authorName = "Fake Host", string authorEmail = "noreply@fake-host.test")
    {
        var info = Commit(parent)!;
        // A file keeps its mode (executable, symlink) when only its content changes, as on the real services.
        var modes = (ListTree(info.Tree, recursive: true) ?? []).ToDictionary(e => e.Path, e => e.Mode, StringComparer.Ordinal);
        var tree = WriteTree(info.Tree, changes.Select(c => (c.Path, modes.GetValueOrDefault(c.Path, "100644"), c.Content is null ? null : WriteBlob(c.Content))));
        return WriteCommit(tree, [info.Sha], message, authorName, authorEmail);
    }

    /// <summary>Moves the ref only if it still points at <paramref name="expectedOld"/> ("" or null: only if it does not exist yet).</summary>
    public bool UpdateRef(string refName, string newSha, string? expectedOld) => Run(["update-ref", refName, newSha, expectedOld ?? string.Empty]).Code == 0;

    public bool IsAncestor(string ancestor, string descendant) => Run(["merge-base", "--is-ancestor", ancestor, descendant]).Code == 0;

    private (int Code, byte[] Out, string Err) Run(IEnumerable<string> arguments, byte[]? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = barePath,
        };
        info.ArgumentList.Add("--git-dir=" + barePath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in ProcessRunner.GitEnvironment)
        {
            info.Environment[key] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }

        process.StandardInput.Close();
        copy.GetAwaiter().GetResult();
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), error.GetAwaiter().GetResult());
    }

    private static (int Code, byte[] Out, string Err) Ok((int Code, byte[] Out, string Err) result, string what) =>
        result.Code == 0 ? result : throw new InvalidOperationException($"git {what} failed: {result.Err}");

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
