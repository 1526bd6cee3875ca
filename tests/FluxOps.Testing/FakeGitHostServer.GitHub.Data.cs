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
                if (Store.ObjectType(sha) is not ("tree" or "commit") || Store.ListTree(sha, request.QueryString["recursive"] is not null) is not { } entries)
                {
                    return (404, Message("Not Found"));
                }

                return (200, new JsonObject
                {
                    ["sha"] = Store.ObjectType(sha) == "tree" ? sha : Store.Commit(sha)!.Tree,
                    ["url"] = $"https://api.github.example/repos/acme/fleet/git/trees/{sha}",
                    ["tree"] = new JsonArray(entries.Select(e =>
                    {
                        var entry = new JsonObject { ["path"] = e.Path, ["mode"] = e.Mode, ["type"] = e.Type, ["sha"] = e.Sha };
                        if (e.Size is { } size)
                        {
                            entry["size"] = size;
                        }

                        return (JsonNode)entry;
                    }).ToArray()),
                    ["truncated"] = false,
                });
            case ("GET", ["git", "blobs", var sha]):
                if (Store.ObjectType(sha) != "blob" || Store.ReadBlob(sha) is not { } blob)
                {
                    return (404, Message("Not Found"));
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
                return Store.ResolveCommit(name) is { } tip ? (200, GitHubRef(name, tip)) : (404, Message("Not Found"));
            case ("POST", ["git", "refs"]):
                var created = (string)input!["ref"]!;
                var target = (string)input["sha"]!;
                if (!created.StartsWith("refs/", StringComparison.Ordinal) || Store.ObjectType(target) != "commit")
                {
                    return (422, Message("Reference update failed"));
                }

                return Store.UpdateRef(created, target, null) ? (201, GitHubRef(created, target)) : (422, Message("Reference already exists"));
            default:
                return (404, Message("Not Found"));
        }
    }

    private static JsonObject GitHubRef(string name, string sha) => new()
    {
        ["ref"] = name,
        ["node_id"] = "REF_" + sha[..12],
        ["url"] = $"https://api.github.example/repos/acme/fleet/git/{name}",
        ["object"] = new JsonObject { ["type"] = "commit", ["sha"] = sha, ["url"] = $"https://api.github.example/repos/acme/fleet/git/commits/{sha}" },
    };
}
