using System.Globalization;
using System.Text;

namespace FluxOps.Testing;

/// <summary>Long linear histories written by git fast-import: one commit a minute, every n-th touching <see cref="TouchedPath"/>.</summary>
public static class LinearHistory
{
    public const string TouchedPath = "clusters/prod";

    /// <summary>A parent no repository has: the bottom of a history cut short without a shallow file.</summary>
    public const string MissingParent = "1111111111111111111111111111111111111111";

    /// <param name="onMissingParent">Start the history on a commit whose parent is <see cref="MissingParent"/>, so only a
    /// walk that reads the whole history meets the gap (and fails, as git log does).</param>
    public static GitWorkTree Create(int commits, int touchEvery, bool onMissingParent = false)
    {
        var tree = new GitWorkTree();
        var script = new StringBuilder();
        if (onMissingParent)
        {
            var emptyTree = tree.Git("hash-object", "-t", "tree", "-w", "/dev/null");
            var orphan = $"tree {emptyTree}\nparent {MissingParent}\nauthor A <a@example.test> 1600000000 +0000\ncommitter C <c@example.test> 1600000000 +0000\n\ncut short\n";
            var bottom = ProcessRunner.Run("git", ["hash-object", "-t", "commit", "-w", "--stdin"], tree.Path, ProcessRunner.GitEnvironment, orphan)
                .EnsureSuccess("git hash-object").StandardOutput.Trim();
            script.Append(CultureInfo.InvariantCulture, $"reset refs/heads/main\nfrom {bottom}\n\n");
        }

        for (var i = 1; i <= commits; i++)
        {
            var file = i % touchEvery == 0 ? TouchedPath + "/web.yaml" : $"infra/c{i % 7}.yaml";
            var content = $"n: {i}\n";
            script.Append(CultureInfo.InvariantCulture, $"commit refs/heads/main\ncommitter C <c@example.test> {1_700_000_000 + (i * 60)} +0000\ndata 2\nc\n")
                .Append(CultureInfo.InvariantCulture, $"M 100644 inline {file}\ndata {content.Length}\n{content}\n");
        }

        ProcessRunner.Run("git", ["fast-import", "--quiet"], tree.Path, ProcessRunner.GitEnvironment, script.ToString()).EnsureSuccess("git fast-import");
        return tree;
    }
}
