namespace FluxOps.Core.Hosting.AzureDevOps;

/// <summary>Azure DevOps' commit pages ($skip/$top), refs, the item tree (recursionLevel=Full) and pull request lookups.</summary>
internal sealed partial class AzureDevOpsClient
{
    public override IReadOnlyList<RestCommit> ListCommitPage(string branch, int page, int perPage, CancellationToken cancellationToken)
    {
        var top = Math.Clamp(perPage, 1, 1000);
        var url = $"{_base}/commits?searchCriteria.itemVersion.version={Escape(branch)}&searchCriteria.itemVersion.versionType=branch" +
            $"&searchCriteria.$skip={(Math.Max(1, page) - 1) * top}&searchCriteria.$top={top}&{Version}";
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken);
        if (response.Status is 404 or 400)
        {
            return [];
        }

        return (Http.Ensure(response, url, "list commits").Json["value"]?.AsArray() ?? []).Select(c =>
            (bool?)c!["commentTruncated"] == true ? GetCommit((string)c["commitId"]!, cancellationToken)! : ToCommit(c)).ToList();
    }

    public override string? BranchTip(string branch, CancellationToken cancellationToken)
    {
        var name = "refs/heads/" + branch;
        var refs = Http.Json(HttpMethod.Get, $"{_base}/refs?filter={Escape("heads/" + branch)}&{Version}", null, $"read the branch {branch}", cancellationToken);
        return (refs["value"]?.AsArray() ?? []).Where(r => (string?)r!["name"] == name).Select(r => (string?)r!["objectId"]).FirstOrDefault();
    }

    public override IReadOnlyList<RestTreeEntry> ListTree(string commitSha, CancellationToken cancellationToken)
    {
        var url = $"{_base}/items?scopePath=%2F&recursionLevel=Full&versionDescriptor.version={Escape(commitSha)}&versionDescriptor.versionType=commit&{Version}";
        var items = Http.Json(HttpMethod.Get, url, null, $"list the files of {commitSha}", cancellationToken)["value"]?.AsArray() ?? [];
        return items.Where(i => (bool?)i!["isFolder"] != true && (string?)i["gitObjectType"] == "blob").Take(MaxTreeEntries)
            .Select(i => new RestTreeEntry(((string)i!["path"]!).TrimStart('/'), null, (string)i["objectId"]!)).ToList();
    }

    public override PullRequestInfo? FindPullRequest(string head, string baseBranch, CancellationToken cancellationToken)
    {
        var url = $"{_base}/pullrequests?searchCriteria.sourceRefName={Escape("refs/heads/" + head)}&searchCriteria.targetRefName={Escape("refs/heads/" + baseBranch)}" +
            $"&searchCriteria.status=all&$top=1&{Version}";
        var found = (Http.Json(HttpMethod.Get, url, null, $"look for a pull request from {head}", cancellationToken)["value"]?.AsArray() ?? []).FirstOrDefault();
        return found is null ? null
            : new PullRequestInfo($"{_web}/pullrequest/{(int)found["pullRequestId"]!}", (string?)found["status"] == "active");
    }
}
