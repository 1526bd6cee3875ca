using System.Reflection;
using System.Runtime.InteropServices;
using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>
/// <c>git log [--since] [^hide] start [-- paths]</c> straight on libgit2: <see cref="RevisionWalk"/> over commits and
/// trees read through <see cref="LibGit2Native"/> (see <see cref="NativeCommitSource"/>). Opened on a LibGit2Sharp
/// <see cref="Repository"/>, it borrows that repository's libgit2 handle, so the commits and trees the walk reads are
/// already in libgit2's caches when the caller builds its results from them.
/// </summary>
internal sealed unsafe class NativeHistoryWalker : IDisposable
{
    private static readonly PropertyInfo? LibGit2SharpHandle =
        typeof(Repository).GetProperty("Handle", BindingFlags.Instance | BindingFlags.NonPublic);

    private readonly SafeHandle? _borrowed;
    private IntPtr _repository;
    private IntPtr _odb;

    private NativeHistoryWalker(LibGit2Native api, IntPtr repository, IntPtr odb, SafeHandle? borrowed, string gitDirectory)
    {
        Api = api;
        _repository = repository;
        _odb = odb;
        _borrowed = borrowed;
        Shallow = ShallowBoundary(gitDirectory);
    }

    /// <summary>Why the native walker is not available (diagnostics; the same walk runs over LibGit2Sharp instead).</summary>
    internal static string? UnavailableReason { get; private set; }

    /// <summary>Commits read by walks on this walker: a lazy walk that stops early reads few.</summary>
    public int CommitsRead { get; internal set; }

    internal LibGit2Native Api { get; }

    internal IntPtr RepositoryHandle => _repository;

    internal IntPtr Odb => _odb;

    /// <summary>A shallow clone's cut-off commits (.git/shallow): git treats them as having no parents, and so does the walk.</summary>
    internal HashSet<GitOid> Shallow { get; }

    /// <summary>Walks <paramref name="repository"/> through its own libgit2 handle; null when the native entry points cannot be found.</summary>
    public static NativeHistoryWalker? Open(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (LibGit2Native.Instance is not { } api)
        {
            UnavailableReason = LibGit2Native.UnavailableReason;
            return null;
        }

        if (LibGit2SharpHandle?.GetValue(repository) is not SafeHandle handle)
        {
            return Open(repository.Info.Path); // a LibGit2Sharp without the internal handle: open a second one
        }

        var added = false;
        handle.DangerousAddRef(ref added); // released in Dispose, so the repository cannot be freed under the walk
        var native = handle.DangerousGetHandle();
        IntPtr odb;
        if (api.RepositoryOdb(&odb, native) != 0)
        {
            UnavailableReason = "git_repository_odb failed: " + api.LastError();
            handle.DangerousRelease();
            return null;
        }

        return new NativeHistoryWalker(api, native, odb, handle, repository.Info.Path);
    }

    /// <summary>Opens the repository for native walking; null when the native entry points cannot be found.</summary>
    public static NativeHistoryWalker? Open(string gitDirectory)
    {
        if (LibGit2Native.Instance is not { } api)
        {
            UnavailableReason = LibGit2Native.UnavailableReason;
            return null;
        }

        IntPtr repository, odb;
        var path = Marshal.StringToCoTaskMemUTF8(gitDirectory);
        try
        {
            if (api.RepositoryOpen(&repository, path) != 0)
            {
                UnavailableReason = "git_repository_open failed for " + gitDirectory + ": " + api.LastError();
                return null;
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(path);
        }

        if (api.RepositoryOdb(&odb, repository) != 0)
        {
            UnavailableReason = "git_repository_odb failed for " + gitDirectory + ": " + api.LastError();
            api.RepositoryFree(repository);
            return null;
        }

        return new NativeHistoryWalker(api, repository, odb, null, gitDirectory);
    }

    /// <summary>
    /// Shas as <c>git log --format=%H [--since=@since] [^hide] start -- paths</c> prints them (all commits when
    /// <paramref name="paths"/> is empty), yielded as found.
    /// </summary>
    public IEnumerable<string> Log(string start, string? hide, long? sinceUnixSeconds, IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_repository == IntPtr.Zero, this);
        var source = new NativeCommitSource(this, new PathFilter(paths));
        foreach (var id in RevisionWalk.Log(source, GitOid.Parse(start), hide is null ? null : GitOid.Parse(hide), sinceUnixSeconds, cancellationToken))
        {
            yield return id.ToString();
        }
    }

    /// <summary>The files <paramref name="sha"/> changed against its first parent (all files for a root commit), in path order.</summary>
    public IReadOnlyList<string> ChangedFiles(string sha)
    {
        ObjectDisposedException.ThrowIf(_repository == IntPtr.Zero, this);
        return new NativeCommitSource(this, new PathFilter([])).ChangedFiles(GitOid.Parse(sha));
    }

    public void Dispose()
    {
        if (_repository == IntPtr.Zero)
        {
            return;
        }

        Api.OdbFree(_odb);
        if (_borrowed is not null)
        {
            _borrowed.DangerousRelease();
        }
        else
        {
            Api.RepositoryFree(_repository);
        }

        (_odb, _repository) = (IntPtr.Zero, IntPtr.Zero);
    }

    internal GitOperationException Unreadable(GitOid id, string what) => new("HistoryUnreadable", FailureKind.InvalidOperation,
        $"Could not read {what} {id} while walking history: {Api.LastError()}", id.ToString());

    private static HashSet<GitOid> ShallowBoundary(string gitDirectory)
    {
        var file = Path.Combine(gitDirectory, "shallow");
        return File.Exists(file)
            ? File.ReadLines(file).Select(line => line.Trim()).Where(line => line.Length == 40).Select(GitOid.Parse).ToHashSet()
            : [];
    }
}
