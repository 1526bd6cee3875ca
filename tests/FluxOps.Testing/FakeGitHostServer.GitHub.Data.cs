using System.Net;
using System.Text.Json.Nodes;

namespace FluxOps.Testing;

/// <summary>GitHub's Git Data reads and refs: trees (recursive or not), blobs (JSON or raw), one ref, and creating a ref.</summary>
public sealed partial class FakeGitHostServer
{
    private (int, object) GitHubData(string[] path, HttpListenerRequest request, JsonNode? input)
    {
        switch (request.HttpMethod, path)
        {
            case ("GET", ["git", "trees", var sha]):
                return GitHubTree(sha, request.QueryString["recursive"] is not null) is { } tree ? (200, tree) : (404, GitHubShapes.Error("Not Found"));
            case ("GET", ["git", "blobs", var sha]):
                if (Store.ObjectType(sha) != "blob" || Store.ReadBlob(sha) is not { } blob)
                {
                    return (404, GitHubShapes.Error("Not Found"));
                }

                return request.AcceptTypes?.Contains("application/vnd.github.raw+json") == true ? (200, blob) : (200, new JsonObject
                {
                    ["sha"] = sha,
                    ["node_id"] = "B_" + sha[..12],
                    ["size"] = blob.Length,
                    ["url"] = $"https://api.github.example/repos/acme/fleet/git/blobs/{sha}",
                    ["content"] = Convert.ToBase64String(blob),
                    ["encoding"] = "base64",
                });
            case ("GET", ["git", "ref", "heads", ..]):
                var name = "refs/heads/" + string.Join('/', path[3..]);
                return Store.ResolveCommit(name) is { } tip ? (200, GitHubRef(name, tip)) : (404, GitHubShapes.Error("Not Found"));
            case ("POST", ["git", "refs"]):
                var created = (string)input!["ref"]!;
                var target = (string)input["sha"]!;
                if (!created.StartsWith("refs/", StringComparison.Ordinal) || Store.ObjectType(target) != "commit")
                {
                    return (422, GitHubShapes.Error("Reference update failed"));
                }

                return Store.UpdateRef(created, target, null) ? (201, GitHubRef(created, target)) : (422, GitHubShapes.Error("Reference already exists"));
            default:
                return (404, GitHubShapes.Error("Not Found"));
        }
    }

    private JsonObject? GitHubTree(string sha, bool recursive)
    {
        if (Store.ObjectType(sha) is not ("tree" or "commit") || Store.ListTree(sha, recursive) is not { } entries)
        {
            return null;
        }

        var treeSha = Store.ObjectType(sha) == "tree" ? sha : Store.Commit(sha)!.Tree;
        return new JsonObject
        {
            ["sha"] = treeSha,
            ["url"] = $"{GitHubShapes.Api}/git/trees/{treeSha}",
            ["tree"] = new JsonArray(entries.Select(e =>
            {
                var entry = new JsonObject { ["path"] = e.Path, ["mode"] = e.Mode, ["type"] = e.Type, ["sha"] = e.Sha, ["url"] = $"{GitHubShapes.Api}/git/{e.Type}s/{e.Sha}" };
                if (e.Size is { } size)
                {
                    entry["size"] = size;
                }

                return (JsonNode)entry;
            }).ToArray()),
            ["truncated"] = false,
        };
    }

    private static JsonObject GitHubRef(string name, string sha) => new()
    {
        ["ref"] = name,
        ["node_id"] = "REF_" + sha[..12],
        ["url"] = $"https://api.github.example/repos/acme/fleet/git/{name}",
        ["object"] = new JsonObject { ["type"] = "commit", ["sha"] = sha, ["url"] = $"https://api.github.example/repos/acme/fleet/git/commits/{sha}" },
    };
}
