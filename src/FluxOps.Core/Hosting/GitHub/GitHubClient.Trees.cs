using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FluxOps.Core.Git;

namespace FluxOps.Core.Hosting.GitHub;

/// <summary>
/// GitHub's trees, blobs, branch refs and pull request lookups. Trees are content-addressed, so a tree read once is kept
/// (bounded) for the life of the client: a receiver re-reads only what changed.
/// </summary>
internal sealed partial class GitHubClient
{
    private const int MaxCachedTrees = 2048;
    private readonly ConcurrentDictionary<string, IReadOnlyList<(string Name, string Mode, string Type, string Sha)>> _trees = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _commitTrees = new(StringComparer.Ordinal);

    /// <summary>
    /// The file through the tree it lives in and its blob: the contents API would follow a symlink to its target and
    /// does not tell the executable bit.
    /// </summary>
    public override RestEntry? ReadEntry(string commitSha, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var tree = RootTree(commitSha, cancellationToken);
        if (tree is null)
        {
            return null;
        }

        var parts = path.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var entry = Entries(tree, cancellationToken).FirstOrDefault(e => e.Name == parts[i]);
            if (entry.Name is null || (i < parts.Length - 1 && entry.Type != "tree"))
            {
                return null;
            }

            if (i == parts.Length - 1)
            {
                return entry.Type == "blob" ? new RestEntry(entry.Mode, ReadBlob(entry.Sha, path, cancellationToken)) : null;
            }

            tree = entry.Sha;
        }

        return null;
    }

    public override IReadOnlyList<RestTreeEntry> ListTree(string commitSha, CancellationToken cancellationToken)
    {
        var tree = RootTree(commitSha, cancellationToken) ?? throw NotFound(commitSha);
        var listing = Http.Json(HttpMethod.Get, $"{_base}/git/trees/{tree}?recursive=1", null, $"list the files of {commitSha}", cancellationToken);
        if ((bool?)listing["truncated"] == true)
        {
            throw new GitOperationException("RestTreeTooLarge", FailureKind.LimitsExceeded,
                $"{Location}: the tree of {commitSha} is too large for GitHub to list in one answer; use a git clone (-RepositoryUrl) for this repository.", commitSha);
        }

        return (listing["tree"]?.AsArray() ?? []).Where(e => (string?)e!["type"] == "blob").Take(MaxTreeEntries)
            .Select(e => new RestTreeEntry((string)e!["path"]!, (string?)e["mode"], (string)e["sha"]!)).ToList();
    }

    public override string? BranchTip(string branch, CancellationToken cancellationToken)
    {
        var url = $"{_base}/git/ref/heads/{EscapePath(branch)}";
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken);
        return response.Status == 404 ? null : (string?)Http.Ensure(response, url, $"read the branch {branch}").Json["object"]?["sha"];
    }

    /// <summary>POST /git/refs; GitHub answers 422 "Reference already exists" to the second writer.</summary>
    internal bool CreateBranch(string branch, string sha, CancellationToken cancellationToken)
    {
        var url = $"{_base}/git/refs";
        var response = Http.Send(HttpMethod.Post, url, new JsonObject { ["ref"] = "refs/heads/" + branch, ["sha"] = sha }, cancellationToken);
        if (response.Status == 422 && response.Text.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Http.Ensure(response, url, $"create the branch {branch}");
        return true;
    }

    public override PullRequestInfo? FindPullRequest(string head, string baseBranch, CancellationToken cancellationToken)
    {
        var owner = Repository.Split('/')[0];
        var url = $"{_base}/pulls?head={Escape(owner + ":" + head)}&base={Escape(baseBranch)}&state=all&sort=created&direction=desc&per_page=1";
        var found = Http.Json(HttpMethod.Get, url, null, $"look for a pull request from {head}", cancellationToken).AsArray().FirstOrDefault();
        return found is null ? null : new PullRequestInfo((string)found["html_url"]!, (string?)found["state"] == "open");
    }

    private string? RootTree(string commitSha, CancellationToken cancellationToken)
    {
        if (_commitTrees.TryGetValue(commitSha, out var known))
        {
            return known;
        }

        var tree = (string?)GetCommitJson(commitSha, cancellationToken)?["commit"]?["tree"]?["sha"];
        if (tree is not null && commitSha.Length == 40)
        {
            _commitTrees[commitSha] = tree; // only a full sha names one commit forever; a branch name moves
        }

        return tree;
    }

    private IReadOnlyList<(string Name, string Mode, string Type, string Sha)> Entries(string treeSha, CancellationToken cancellationToken)
    {
        if (_trees.TryGetValue(treeSha, out var cached))
        {
            return cached;
        }

        var json = Http.Json(HttpMethod.Get, $"{_base}/git/trees/{treeSha}", null, $"read the tree {treeSha}", cancellationToken);
        var entries = (json["tree"]?.AsArray() ?? []).Select(e => ((string)e!["path"]!, (string)e["mode"]!, (string)e["type"]!, (string)e["sha"]!)).ToList();
        if (_trees.Count >= MaxCachedTrees)
        {
            _trees.Clear();
        }

        _trees[treeSha] = entries;
        return entries;
    }

    private byte[] ReadBlob(string sha, string path, CancellationToken cancellationToken)
    {
        var url = $"{_base}/git/blobs/{sha}";
        return Http.Ensure(Http.Send(HttpMethod.Get, url, null, cancellationToken, accept: "application/vnd.github.raw+json"), url, $"read {path}").Body;
    }
}
