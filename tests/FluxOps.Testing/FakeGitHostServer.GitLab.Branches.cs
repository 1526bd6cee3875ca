using System.Net;
using System.Text.Json.Nodes;

namespace FluxOps.Testing;

/// <summary>GitLab's branches (one branch) and the repository tree (recursive, paged by page/per_page).</summary>
public sealed partial class FakeGitHostServer
{
    private (int, object) GitLabBranches(string[] path, HttpListenerRequest request)
    {
        var query = request.QueryString;
        switch (request.HttpMethod, path)
        {
            case ("GET", ["branches", var branch]):
                return Store.Commit("refs/heads/" + branch) is { } tip
                    ? (200, new JsonObject { ["name"] = branch, ["merged"] = false, ["protected"] = branch == "main", ["default"] = branch == "main", ["commit"] = GitLabCommit(tip) })
                    : (404, Message("404 Branch Not Found"));
            case ("GET", ["tree"]):
                var perPage = Limit(query["per_page"], 20);
                var page = Limit(query["page"], 1);
                if (Store.ResolveCommit(query["ref"] ?? "HEAD") is not { } commit)
                {
                    return (404, Message("404 Tree Not Found"));
                }

                var entries = Store.ListTree(commit, query["recursive"] == "true") ?? [];
                return (200, new JsonArray(entries.Skip((page - 1) * perPage).Take(perPage).Select(e => (JsonNode)new JsonObject
                {
                    ["id"] = e.Sha,
                    ["name"] = e.Path.Split('/')[^1],
                    ["type"] = e.Type,
                    ["path"] = e.Path,
                    ["mode"] = e.Mode,
                }).ToArray()));
            default:
                return (404, Message("404 Not Found"));
        }
    }
}
