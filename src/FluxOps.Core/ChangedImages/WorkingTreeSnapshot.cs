using LibGit2Sharp;

namespace FluxOps.Core.ChangedImages;

/// <summary>
/// The working tree (-IncludeWorkingTree): the files git tracks, read from disk. Nothing outside the repository is ever
/// read: every path is resolved link by link and refused when it leaves the repository, and only files with a size are
/// opened, so a device or a FIFO (which report none) is never read, and at most the manifest cap is ever loaded.
/// </summary>
internal sealed class WorkingTreeSnapshot : RepositorySnapshot
{
    private const int MaxLinkHops = 40;
    private readonly string _root;
    private readonly List<string> _files;
    private readonly HashSet<string> _set;

    public WorkingTreeSnapshot(Repository repository)
    {
        _root = RealPath(Path.GetFullPath(repository.Info.WorkingDirectory)) ?? Path.GetFullPath(repository.Info.WorkingDirectory);
        _root = _root.TrimEnd('/');
        _files = repository.Index
            .Where(e => e.Mode != Mode.GitLink && e.StageLevel == StageLevel.Staged && Path.Exists(Path.Combine(_root, e.Path)))
            .Select(e => e.Path.Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        _set = new HashSet<string>(_files, StringComparer.Ordinal);
    }

    public override IReadOnlyList<string> Files => _files;

    public override bool FileExists(string path) => _set.Contains(path);

    public override string? ContentKey(string path) =>
        _set.Contains(path) ? path + "@" + File.GetLastWriteTimeUtc(Path.Combine(_root, path)).Ticks : null;

    protected override SnapshotRead ReadCore(string path, int maxBytes)
    {
        var real = ResolveInside(_root, path);
        if (real is null)
        {
            return new SnapshotRead(null, "a symbolic link that leads outside the repository (or loops); not followed");
        }

        var info = new FileInfo(real);
        if (!info.Exists)
        {
            return new SnapshotRead(null, "not a regular file; not read");
        }

        // Devices, FIFOs and sockets have no size: never opening those is what keeps /dev/zero or a FIFO from being read.
        if (info.Length == 0)
        {
            return new SnapshotRead([], null);
        }

        if (info.Length > maxBytes)
        {
            return new SnapshotRead(null, $"file is {info.Length:N0} bytes, above the {maxBytes:N0}-byte cap for manifests; not read, so its images cannot be checked");
        }

        using var stream = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[info.Length];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return new SnapshotRead(read == buffer.Length ? buffer : buffer[..read], null);
    }

    /// <summary>The real path of <paramref name="relative"/> below <paramref name="root"/>, or null when a link leads outside it.</summary>
    internal static string? ResolveInside(string root, string relative)
    {
        var real = Resolve(root, relative.Replace('\\', '/'));
        return real is not null && real.StartsWith(root + "/", StringComparison.Ordinal) ? real : null;
    }

    private static string? RealPath(string absolute) => Resolve("/", absolute.TrimStart('/'));

    private static string? Resolve(string start, string relative)
    {
        var current = start;
        var pending = new Stack<string>(Enumerable.Reverse(relative.Split('/')));
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var candidate = current == "/" ? "/" + part : current + "/" + part;
            FileSystemInfo info = Directory.Exists(candidate) ? new DirectoryInfo(candidate) : new FileInfo(candidate);
            if (info.LinkTarget is not { } target)
            {
                current = candidate;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return null;
            }

            if (target.StartsWith('/'))
            {
                current = "/";
            }

            foreach (var piece in Enumerable.Reverse(target.Split('/')))
            {
                pending.Push(piece);
            }
        }

        return current;
    }
}
