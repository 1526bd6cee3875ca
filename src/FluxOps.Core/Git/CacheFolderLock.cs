namespace FluxOps.Core.Git;

/// <summary>
/// An exclusive lock on one cache folder, shared by every FluxOps process on the machine (receivers sharing a cache
/// volume, a runbook next to a receiver): an open file with FileShare.None, which .NET holds as an advisory
/// <c>flock</c> on Unix. The kernel drops it when its holder dies, even with kill -9, so a crashed holder never blocks
/// the next one — and whoever holds it knows no other FluxOps process is inside the folder.
/// </summary>
internal sealed class CacheFolderLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);
    private readonly FileStream _file;

    private CacheFolderLock(FileStream file) => _file = file;

    /// <summary>Waits (at most <paramref name="timeout"/>) for the lock of <paramref name="folder"/>.</summary>
    public static CacheFolderLock Acquire(string folder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + ".lock";
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                return new CacheFolderLock(new FileStream(path, options));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                cancellationToken.WaitHandle.WaitOne(Poll);
            }
            catch (IOException ex)
            {
                throw new GitOperationException("RepositoryCacheBusy", FailureKind.InvalidOperation,
                    $"Another FluxOps process kept the repository cache '{folder}' busy for {timeout.TotalSeconds:0} s; try again.", folder, ex);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
