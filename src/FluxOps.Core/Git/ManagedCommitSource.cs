using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>
/// The same <see cref="RevisionWalk"/> over LibGit2Sharp objects, for when <see cref="LibGit2Native"/> cannot bind
/// (a LibGit2Sharp whose native library is named differently). Slower, same commits in the same order.
/// </summary>
internal sealed class ManagedCommitSource : ICommitSource
{
    private readonly Repository _repository;
    private readonly string[][] _paths;

    public ManagedCommitSource(Repository repository, PathFilter paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _repository = repository;
        _paths = paths.Paths.Select(p => p.Split('/')).ToArray();
    }

    public bool HasPaths => _paths.Length > 0;

    public int CommitsRead { get; private set; }

    /// <summary>Shas as <c>git log --format=%H [--since=@since] [^hide] start -- paths</c> prints them, yielded as found.</summary>
    public static IEnumerable<string> Log(Repository repository, string start, string? hide, long? sinceUnixSeconds, IReadOnlyList<string> paths, CancellationToken cancellationToken = default) =>
        RevisionWalk.Log(new ManagedCommitSource(repository, new PathFilter(paths)), GitOid.Parse(start), hide is null ? null : GitOid.Parse(hide), sinceUnixSeconds, cancellationToken)
            .Select(id => id.ToString());

    public bool TryRead(GitOid id, out CommitHeader header)
    {
        if (_repository.Lookup<Commit>(new ObjectId(id.ToBytes())) is not { } commit)
        {
            header = default;
            return false;
        }

        CommitsRead++;
        header = new CommitHeader(commit.Committer.When.ToUnixTimeSeconds(), ToOid(commit.Tree.Id), commit.Parents.Select(p => ToOid(p.Id)).ToArray());
        return true;
    }

    public bool SameUnderPaths(GitOid? before, GitOid after)
    {
        var old = before is { } tree ? _repository.Lookup<Tree>(new ObjectId(tree.ToBytes())) : null;
        var current = _repository.Lookup<Tree>(new ObjectId(after.ToBytes()));
        return _paths.All(components => SameAt(old, current, components));
    }

    private static bool SameAt(Tree? oldTree, Tree newTree, string[] components)
    {
        GitObject? old = oldTree;
        GitObject? current = newTree;
        Mode oldMode = oldTree is null ? Mode.Nonexistent : Mode.Directory, currentMode = Mode.Directory;
        foreach (var name in components)
        {
            if (oldMode == currentMode && old?.Id == current?.Id)
            {
                return true;
            }

            var oldEntry = (old as Tree)?[name];
            var currentEntry = (current as Tree)?[name];
            (old, oldMode) = (oldEntry?.Target, oldEntry?.Mode ?? Mode.Nonexistent);
            (current, currentMode) = (currentEntry?.Target, currentEntry?.Mode ?? Mode.Nonexistent);
        }

        return oldMode == currentMode && old?.Id == current?.Id;
    }

    private static GitOid ToOid(ObjectId id) => GitOid.FromBytes(id.RawId);
}
