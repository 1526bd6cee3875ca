using FluxOps.Core.Git;

namespace FluxOps.Core.Hosting.GitLab;

/// <summary>GitLab's commit pages, branches, the repository tree (paged) and merge request lookups.</summary>
internal sealed partial class GitLabClient
{
    private const int TreePageSize = 100;

    public override IReadOnlyList<RestCommit> ListCommitPage(string branch, int page, int perPage, CancellationToken cancellationToken)
    {
        var url = $"{_base}/commits?ref_name={Escape(branch)}&per_page={Math.Clamp(perPage, 1, 100)}&page={Math.Max(1, page)}";
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken);
        return response.Status == 404 ? [] : Http.Ensure(response, url, "list commits").Json.AsArray().Select(c => ToCommit(c!)).ToList();
    }

    public override string? BranchTip(string branch, CancellationToken cancellationToken)
    {
        var url = $"{_base}/branches/{Escape(branch)}";
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken);
        return response.Status == 404 ? null : (string?)Http.Ensure(response, url, $"read the branch {branch}").Json["commit"]?["id"];
    }

    /// <summary>GET /repository/tree?recursive=true, page by page (bounded by <see cref="HostingClient.MaxTreeEntries"/>).</summary>
    public override IReadOnlyList<RestTreeEntry> ListTree(string commitSha, CancellationToken cancellationToken)
    {
        var files = new List<RestTreeEntry>();
        for (var page = 1; page <= MaxTreeEntries / TreePageSize; page++)
        {
            var url = $"{_base}/tree?ref={Escape(commitSha)}&recursive=true&per_page={TreePageSize}&page={page}";
            var entries = Http.Json(HttpMethod.Get, url, null, $"list the files of {commitSha}", cancellationToken).AsArray();
            files.AddRange(entries.Where(e => (string?)e!["type"] == "blob").Select(e => new RestTreeEntry((string)e!["path"]!, (string?)e["mode"], (string)e["id"]!)));
            if (entries.Count < TreePageSize)
            {
                return files;
            }
        }

        throw new GitOperationException("RestTreeTooLarge", FailureKind.LimitsExceeded,
            $"{Location}: the tree of {commitSha} has more than {MaxTreeEntries} entries; use a git clone (-RepositoryUrl) for this repository.", commitSha);
    }

    public override PullRequestInfo? FindPullRequest(string head, string baseBranch, CancellationToken cancellationToken)
    {
        var url = $"{_project}/merge_requests?source_branch={Escape(head)}&target_branch={Escape(baseBranch)}&state=all&order_by=created_at&sort=desc&per_page=1";
        var found = Http.Json(HttpMethod.Get, url, null, $"look for a merge request from {head}", cancellationToken).AsArray().FirstOrDefault();
        return found is null ? null : new PullRequestInfo((string)found["web_url"]!, (string?)found["state"] == "opened");
    }
}
