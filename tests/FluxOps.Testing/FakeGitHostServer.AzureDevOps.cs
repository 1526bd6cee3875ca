using System.Net;
using System.Text.Json.Nodes;

namespace FluxOps.Testing;

/// <summary>Azure DevOps: commits (comments truncated in lists, as the real service does), changes, items, and pushes.</summary>
public sealed partial class FakeGitHostServer
{
    private const int AzureListCommentLength = 100;

    private (int, object) AzureDevOps(string[] path, HttpListenerRequest request, JsonNode? input)
    {
        var query = request.QueryString;
        switch (request.HttpMethod, path)
        {
            case ("GET", ["commits"]):
                var version = query["searchCriteria.itemVersion.version"] ?? "HEAD";
                var commitish = query["searchCriteria.itemVersion.versionType"] is "commit" or "Commit" or "2" ? version : "refs/heads/" + version;
                var itemPath = query["searchCriteria.itemPath"]?.TrimStart('/');
                var listed = Store.Log(commitish, itemPath, Limit(query["searchCriteria.$top"], 100), Limit(query["searchCriteria.$skip"], 0)).Select(sha =>
                {
                    var json = AzureCommit(Store.Commit(sha)!);
                    json.Remove("parents");
                    var comment = (string)json["comment"]!;
                    if (comment.Length > AzureListCommentLength)
                    {
                        json["comment"] = comment[..AzureListCommentLength] + "...";
                        json["commentTruncated"] = true;
                    }

                    return (JsonNode)json;
                }).ToArray();
                return (200, new JsonObject { ["count"] = listed.Length, ["value"] = new JsonArray(listed) });
            case ("GET", ["commits", var sha]):
                return Store.Commit(sha) is { } info ? (200, AzureCommit(info)) : (404, Message("TF401175: The commit could not be found."));
            case ("GET", ["commits", var sha, "changes"]):
                return (200, new JsonObject
                {
                    ["changes"] = new JsonArray(Store.Changes(sha).Select(c => Renamed(new JsonObject
                    {
                        ["item"] = new JsonObject { ["path"] = "/" + c.Path, ["gitObjectType"] = "blob" },
                        ["changeType"] = c.Status switch { 'A' => "add", 'D' => "delete", 'R' => "rename", _ => "edit" },
                    }, c)).ToArray()),
                });
            case ("GET", ["items"]) when query["recursionLevel"] is not null:
                return AzureItems(query);
            case ("GET", ["refs"]):
                return AzureRefs(query["filter"]);
            case ("GET", ["items"]):
                return Store.ReadFile(query["versionDescriptor.version"] ?? "HEAD", (query["path"] ?? string.Empty).TrimStart('/')) is { } bytes
                    ? (200, bytes) : (404, Message("TF401174: The item could not be found."));
            case ("POST", ["pushes"]):
                return AzurePush(input!);
            default:
                return (404, Message("Not Found"));
        }
    }

    /// <summary>A rename names its source (sourceServerItem); other changes leave the field out, as the service does.</summary>
    private static JsonNode Renamed(JsonObject change, BareRepositoryStore.PathChange path)
    {
        if (path.OldPath is { } old)
        {
            change["sourceServerItem"] = "/" + old;
        }

        return change;
    }

    private (int, object) AzurePush(JsonNode input)
    {
        var update = input["refUpdates"]![0]!;
        var refName = (string)update["name"]!;
        var old = (string)update["oldObjectId"]!;
        var creates = old.All(c => c == '0');
        if (creates ? Store.ResolveCommit(refName) is not null : Store.ResolveCommit(refName) != old)
        {
            return (409, Message($"TF401028: The reference '{refName}' has already been updated by another client, so you cannot update it. Please try again."));
        }

        var commit = input["commits"]![0]!;
        // A new branch's first commit names its parent; otherwise the parent is the ref's old object.
        var parent = (string?)commit["parents"]?[0] ?? old;
        var changes = new List<StoreFileChange>();
        foreach (var change in commit["changes"]!.AsArray())
        {
            // The service takes enums by name or by number (Microsoft's client sends numbers: add 1, edit 2, delete 16).
            var type = change!["changeType"]!.GetValueKind() == System.Text.Json.JsonValueKind.Number
                ? (int)change["changeType"]! switch { 1 => "add", 16 => "delete", _ => "edit" } : ((string)change["changeType"]!).ToLowerInvariant();
            var file = ((string)change["item"]!["path"]!).TrimStart('/');
            var exists = Store.ReadFile(parent, file) is not null;
            if (type == "add" == exists)
            {
                return (400, Message($"TF401{(exists ? "028" : "174")}: invalid change '{type}' for {file}."));
            }

            var content = change["newContent"];
            var raw = content?["contentType"] is { } kind && (kind.GetValueKind() == System.Text.Json.JsonValueKind.Number ? (int)kind == 0 : ((string)kind!).Equals("rawtext", StringComparison.OrdinalIgnoreCase));
            changes.Add(new StoreFileChange(file, type == "delete" ? null
                : raw ? System.Text.Encoding.UTF8.GetBytes((string)content!["content"]!) : Convert.FromBase64String((string)content!["content"]!)));
        }

        var author = commit["author"];
        var sha = Store.CommitOnto(parent, changes, (string)commit["comment"]!, (string?)author?["name"] ?? "ghost", (string?)author?["email"] ?? "ghost@fake.test");
        return Store.UpdateRef(refName, sha, creates ? null : old)
            ? (201, new JsonObject { ["commits"] = new JsonArray(new JsonObject { ["commitId"] = sha }), ["refUpdates"] = new JsonArray(new JsonObject { ["name"] = refName, ["newObjectId"] = sha }) })
            : (409, Message($"TF401028: The reference '{refName}' has already been updated by another client."));
    }

    private static JsonObject AzureCommit(BareRepositoryStore.CommitInfo info) => new()
    {
        ["commitId"] = info.Sha,
        ["comment"] = info.Message,
        ["parents"] = new JsonArray(info.Parents.Select(p => (JsonNode)p).ToArray()),
        ["committer"] = new JsonObject { ["date"] = info.CommitterDate },
    };
}
