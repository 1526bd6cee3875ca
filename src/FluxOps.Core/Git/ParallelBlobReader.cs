using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>
/// Reads blobs from several threads at once: libgit2 objects must not be shared between threads, so every thread gets
/// its own <see cref="Repository"/> on the same git directory (opening one costs well under a millisecond).
/// </summary>
internal sealed class ParallelBlobReader(string gitDirectory) : IDisposable
{
    private readonly ThreadLocal<Repository> _repositories = new(() => new Repository(gitDirectory), trackAllValues: true);

    public long Size(ObjectId id) => _repositories.Value!.ObjectDatabase.RetrieveObjectMetadata(id).Size;

    public byte[] Read(ObjectId id)
    {
        var blob = _repositories.Value!.Lookup<Blob>(id);
        if (blob is null)
        {
            return [];
        }

        using var stream = blob.GetContentStream();
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public void Dispose()
    {
        foreach (var repository in _repositories.Values)
        {
            repository.Dispose();
        }

        _repositories.Dispose();
    }
}
