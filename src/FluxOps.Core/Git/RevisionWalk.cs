namespace FluxOps.Core.Git;

/// <summary>
/// The commits <c>git log [--since=T] [^hide] start [-- paths]</c> prints, in the same order, computed lazily. A port
/// of git's revision walk (revision.c: get_revision_1, limit_list, process_parents, try_to_simplify_commit) with its
/// defaults: date order, dense history simplification (a merge that is TREESAME to a parent follows only that parent,
/// so side branches that brought nothing new under the paths are not walked), commits older than --since are dropped
/// together with the history behind them. Without a range the walk yields each commit as soon as it is decided, so a
/// caller that stops early (-First) reads only the commits it needed; with a range git decides the whole range first
/// (a commit can turn out to be reachable from the excluded end later), and so does this walk.
/// </summary>
internal sealed partial class RevisionWalk
{
    private const int Slop = 5; // git's SLOP: uninteresting commits still walked to cope with clock skew

    private readonly ICommitSource _source;
    private readonly long? _since;
    private readonly CancellationToken _cancellationToken;
    // Sharded by the id's first byte: one dictionary of 10,000+ commits would put its arrays on the large object heap,
    // and large-object allocations trigger gen2 collections, which cost a long-lived pwsh far more than the walk itself.
    private readonly Dictionary<GitOid, Node>?[] _nodes = new Dictionary<GitOid, Node>?[256];
    private readonly PriorityQueue<Node, Node> _queue = new(NewestFirst.Instance);
    private long _sequence;

    private RevisionWalk(ICommitSource source, long? sinceUnixSeconds, CancellationToken cancellationToken)
    {
        _source = source;
        _since = sinceUnixSeconds;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Shas reachable from <paramref name="start"/> and not from <paramref name="hide"/>, newest first as git log prints them.</summary>
    /// <param name="cancellationToken">Checked once per commit, so Ctrl+C stops a long walk that finds nothing.</param>
    public static IEnumerable<GitOid> Log(ICommitSource source, GitOid start, GitOid? hide, long? sinceUnixSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var walk = new RevisionWalk(source, sinceUnixSeconds, cancellationToken);
        return hide is { } bottom ? walk.Range(start, bottom) : walk.Unlimited(start);
    }

    private IEnumerable<GitOid> Unlimited(GitOid start)
    {
        Enqueue(Parsed(start));
        while (_queue.TryDequeue(out var commit, out _))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (_since is { } since && commit.Time < since)
            {
                continue; // and its parents are never queued: git stops following this line
            }

            ProcessParents(commit);
            if (Shown(commit))
            {
                yield return commit.Id;
            }
        }
    }

    private IEnumerable<GitOid> Range(GitOid start, GitOid hide)
    {
        var bottom = Parsed(hide);
        bottom.Marks |= Marks.Uninteresting | Marks.Bottom;
        MarkParentsUninteresting(bottom);
        Enqueue(bottom);
        var top = Parsed(start);
        if (!top.Has(Marks.Seen))
        {
            Enqueue(top);
        }

        var range = new List<Node>();
        var date = long.MaxValue;
        var slop = Slop;
        while (_queue.TryDequeue(out var commit, out _))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (_since is { } since && commit.Time < since)
            {
                commit.Marks |= Marks.Uninteresting;
            }

            ProcessParents(commit);
            if (commit.Has(Marks.Uninteresting))
            {
                MarkParentsUninteresting(commit);
                slop = StillInteresting(date, slop);
                if (slop > 0)
                {
                    continue;
                }

                break;
            }

            date = commit.Time;
            range.Add(commit);
        }

        foreach (var commit in range)
        {
            if (Shown(commit)) // re-checked: a commit may have been found reachable from the excluded end after it was listed
            {
                yield return commit.Id;
            }
        }
    }

    private bool Shown(Node commit) =>
        !commit.Has(Marks.Uninteresting) && !(_source.HasPaths && commit.Has(Marks.TreeSame));

    private void ProcessParents(Node commit)
    {
        if (commit.Has(Marks.Added))
        {
            return;
        }

        commit.Marks |= Marks.Added;
        if (commit.Has(Marks.Uninteresting))
        {
            foreach (var parent in commit.Parents!)
            {
                parent.Marks |= Marks.Uninteresting;
                if (!TryParse(parent))
                {
                    continue; // the excluded side may be incomplete (shallow); git reads it gently too
                }

                MarkParentsUninteresting(parent);
                if (!parent.Has(Marks.Seen))
                {
                    Enqueue(parent);
                }
            }

            return;
        }

        Simplify(commit);
        foreach (var parent in commit.Parents!)
        {
            if (!parent.Has(Marks.Seen))
            {
                Enqueue(Parsed(parent.Id));
            }
        }
    }

    /// <summary>
    /// git's try_to_simplify_commit: a commit is TREESAME when nothing under the paths changed against its relevant
    /// parents; a merge TREESAME to one relevant parent keeps only that parent, which prunes the other sides.
    /// </summary>
    private void Simplify(Node commit)
    {
        if (!_source.HasPaths)
        {
            return;
        }

        var parents = commit.Parents!;
        if (parents.Length == 0)
        {
            if (_source.SameUnderPaths(null, commit.Tree))
            {
                commit.Marks |= Marks.TreeSame;
            }

            return;
        }

        var relevantParents = 0;
        bool relevantChange = false, irrelevantChange = false;
        foreach (var parent in parents)
        {
            var relevant = IsRelevant(parent);
            relevantParents += relevant ? 1 : 0;
            if (_source.SameUnderPaths(Parsed(parent.Id).Tree, commit.Tree))
            {
                if (!relevant)
                {
                    continue; // never simplify towards the excluded side: the other sides must still be walked
                }

                commit.Parents = [parent];
                commit.Marks |= Marks.TreeSame;
                return;
            }

            relevantChange |= relevant;
            irrelevantChange |= !relevant;
        }

        if (relevantParents > 0 ? !relevantChange : !irrelevantChange)
        {
            commit.Marks |= Marks.TreeSame;
        }
    }

    // git's relevant_commit: excluded commits do not count, except the excluded end itself.
    private static bool IsRelevant(Node commit) => !commit.Has(Marks.Uninteresting) || commit.Has(Marks.Bottom);

    private static void MarkParentsUninteresting(Node commit)
    {
        var pending = new Stack<Node>(commit.Parents ?? []);
        while (pending.TryPop(out var node))
        {
            if (node.Has(Marks.Uninteresting))
            {
                continue;
            }

            node.Marks |= Marks.Uninteresting;
            foreach (var parent in node.Parents ?? [])
            {
                pending.Push(parent);
            }
        }
    }

    // git's still_interesting: keep walking while newer or still-interesting commits are queued, then SLOP more.
    private int StillInteresting(long date, int slop)
    {
        if (!_queue.TryPeek(out var next, out _))
        {
            return 0;
        }

        if (date <= next.Time || _queue.UnorderedItems.Any(item => !item.Element.Has(Marks.Uninteresting)))
        {
            return Slop;
        }

        return slop - 1;
    }

    private void Enqueue(Node commit)
    {
        commit.Marks |= Marks.Seen;
        commit.Sequence = _sequence++;
        _queue.Enqueue(commit, commit);
    }

    private Node NodeFor(GitOid id)
    {
        var shard = _nodes[id.FirstByte] ??= [];
        if (!shard.TryGetValue(id, out var node))
        {
            node = new Node(id);
            shard.Add(id, node);
        }

        return node;
    }

    private Node Parsed(GitOid id)
    {
        var node = NodeFor(id);
        return TryParse(node) ? node : throw new GitOperationException("HistoryIncomplete", FailureKind.ObjectNotFound,
            $"Commit {id} is not in the repository, so its history cannot be walked. Fetch the missing history (git fetch), or check that the clone is not damaged.",
            id.ToString());
    }

    private bool TryParse(Node node)
    {
        if (node.Parents is not null)
        {
            return true;
        }

        if (!_source.TryRead(node.Id, out var header))
        {
            return false;
        }

        node.Time = header.Time;
        node.Tree = header.Tree;
        node.Parents = Array.ConvertAll(header.Parents, NodeFor);
        return true;
    }
}
