using FluxOps.Core.Flux;
using FluxOps.Core.Git;
using LibGit2Sharp;
using RevertResult = FluxOps.Models.RevertResult;

namespace FluxOps.Core.Revert;

/// <summary>
/// After reverts reach the watched branch: ask Flux's Receiver to reconcile now (or work out the flux commands that do),
/// and record the note on every pushed result. Nothing is asked for a pull request (the branch has not changed yet).
/// </summary>
internal static class PushFollowUp
{
    /// <param name="repositoryPath">The clone the reverts were made in, to find the Kustomizations they touch; null in REST mode.</param>
    public static void Reconcile(IReadOnlyList<RevertResult> results, string? repositoryPath, ReconcileHook? hook, IReadOnlyList<string>? objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        var pushed = results.Where(r => r.Pushed && r.PullRequestUrl is null && r.RevertSha is not null).ToList();
        if (pushed.Count == 0)
        {
            return;
        }

        var (tip, touched) = repositoryPath is null ? (pushed[^1].RevertSha!, []) : Touched(repositoryPath, pushed);
        var note = FluxReconcile.After(hook, tip, objects ?? touched, cancellationToken);
        foreach (var result in pushed)
        {
            result.Reconcile = note.Text;
            result.ReconcileRequested = note.Requested;
        }
    }

    /// <summary>The newest revert (the branch tip after the push) and the Kustomizations whose path holds a file the reverts changed.</summary>
    private static (string Tip, IReadOnlyList<string> Kustomizations) Touched(string repositoryPath, IReadOnlyList<RevertResult> pushed)
    {
        using var repository = RepositoryOpener.Open(repositoryPath);
        var commits = pushed.Select(r => repository.Lookup<Commit>(r.RevertSha!)).OfType<Commit>().ToList();
        var tip = commits.FirstOrDefault(c => commits.All(other => other == c || CommitGraph.IsReachable(repository, other, c)));
        if (tip is null)
        {
            return (pushed[^1].RevertSha!, []);
        }

        var files = commits.SelectMany(c => repository.Diff.Compare<TreeChanges>(c.Parents.FirstOrDefault()?.Tree, c.Tree).Select(d => d.Path))
            .ToHashSet(StringComparer.Ordinal);
        return (tip.Sha, FluxReconcile.KustomizationsFor(tip.Tree, files));
    }
}
