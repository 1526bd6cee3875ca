namespace FluxOps.Core.Git;

/// <summary>The walk's per-commit state: git's object flags, the commit's date and the parents the walk follows.</summary>
internal sealed partial class RevisionWalk
{
    [Flags]
    private enum Marks
    {
        None = 0,
        Seen = 1,
        Added = 2,
        Uninteresting = 4,
        Bottom = 8,
        TreeSame = 16,
    }

    private sealed class Node(GitOid id)
    {
        public GitOid Id { get; } = id;

        public long Time { get; set; }

        public GitOid Tree { get; set; }

        /// <summary>Null until read; after simplification only the parents the walk follows.</summary>
        public Node[]? Parents { get; set; }

        public Marks Marks { get; set; }

        /// <summary>Queue arrival order: among equal dates the earlier arrival comes first, as in git's date-ordered list.</summary>
        public long Sequence { get; set; }

        public bool Has(Marks mark) => (Marks & mark) != 0;
    }

    private sealed class NewestFirst : IComparer<Node>
    {
        public static NewestFirst Instance { get; } = new();

        public int Compare(Node? x, Node? y)
        {
            var byDate = y!.Time.CompareTo(x!.Time);
            return byDate != 0 ? byDate : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
