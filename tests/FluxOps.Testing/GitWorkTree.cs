namespace FluxOps.Testing;

/// <summary>A throwaway non-bare git repository for tests, driven through the real git CLI.</summary>
public sealed class GitWorkTree : IDisposable
{
    private readonly TempDirectory _directory = new("fluxops-repo");

    public GitWorkTree(string initialBranch = "main")
    {
        Path = _directory.Path;
        Git("init", "-q", "--initial-branch=" + initialBranch);
    }

    private GitWorkTree(TempDirectory directory)
    {
        _directory = directory;
        Path = directory.Path;
    }

    public string Path { get; }

    /// <summary>Clones a URL (may carry credentials) into a fresh folder.</summary>
    public static GitWorkTree Clone(string url)
    {
        var directory = new TempDirectory("fluxops-clone");
        ProcessRunner.Git(directory.Path, "clone", "-q", url, ".");
        return new GitWorkTree(directory);
    }

    public string Git(params string[] arguments) => ProcessRunner.Git(Path, arguments).StandardOutput.Trim();

    /// <summary>Writes files (relative path -> content) and commits them; returns the new commit sha.</summary>
    public string Commit(string message, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var (relative, content) in files)
        {
            var full = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            Git("add", "--", relative);
        }

        Git("commit", "-q", "--allow-empty", "-m", message);
        return Head;
    }

    public string Head => Git("rev-parse", "HEAD");

    public void Dispose() => _directory.Dispose();
}
