using System.Net;
using System.Text.Json.Nodes;

namespace FluxOps.Testing;

/// <summary>GitHub: commits, contents (raw media type), and the Git Data API with PATCH refs as compare-and-swap.</summary>
public sealed partial class FakeGitHostServer
{
    private (int, object) GitHub(string[] path, HttpListenerRequest request, JsonNode? input)
    {
        var query = request.QueryString;
        switch (request.HttpMethod, path)
        {
            case ("GET", ["commits"]):
                var perPage = Limit(query["per_page"], 30);
                return (200, new JsonArray(Store.Log(query["sha"] ?? "HEAD", query["path"], perPage, (Limit(query["page"], 1) - 1) * perPage)
                    .Select(sha => (JsonNode)GitHubShapes.Commit(Store.Commit(sha)!)).ToArray()));
            case ("GET", ["commits", var sha]):
                if (Store.Commit(sha) is not { } info)
                {
                    return (422, GitHubShapes.Error("No commit found for SHA: " + sha));
                }

                var json = GitHubShapes.Commit(info);
                json["files"] = new JsonArray(Store.Changes(info.Sha).Select(c => (JsonNode)GitHubShapes.DiffEntry(c)).ToArray());
                return (200, json);
            case ("GET", ["contents", ..]):
                var file = string.Join('/', path[1..]);
                var reference = query["ref"] ?? "HEAD";
                if (Store.ReadFile(reference, file) is not { } bytes)
                {
                    return (404, GitHubShapes.Error("Not Found"));
                }

                // The raw media type gives the bytes; the default is the JSON "content-file" object.
                var blobSha = Store.ListTree(reference, recursive: true)!.First(e => e.Path == file).Sha;
                var links = $"https://api.github.example/repos/acme/fleet/contents/{file}?ref={reference}";
                return request.AcceptTypes?.Contains("application/vnd.github.raw+json") == true ? (200, bytes) : (200, new JsonObject
                {
                    ["type"] = "file",
                    ["encoding"] = "base64",
                    ["size"] = bytes.Length,
                    ["name"] = file.Split('/')[^1],
                    ["path"] = file,
                    ["content"] = Convert.ToBase64String(bytes),
                    ["sha"] = blobSha,
                    ["url"] = links,
                    ["git_url"] = $"https://api.github.example/repos/acme/fleet/git/blobs/{blobSha}",
                    ["html_url"] = $"https://github.example/acme/fleet/blob/{reference}/{file}",
                    ["download_url"] = $"https://raw.github.example/acme/fleet/{reference}/{file}",
                    ["_links"] = new JsonObject { ["self"] = links, ["git"] = $"https://api.github.example/repos/acme/fleet/git/blobs/{blobSha}", ["html"] = $"https://github.example/acme/fleet/blob/{reference}/{file}" },
                });
            case ("POST", ["git", "blobs"]):
                var blob = Store.WriteBlob((string?)input!["encoding"] == "base64" ? Convert.FromBase64String((string)input["content"]!) : System.Text.Encoding.UTF8.GetBytes((string)input["content"]!));
                return (201, new JsonObject { ["url"] = $"{GitHubShapes.Api}/git/blobs/{blob}", ["sha"] = blob });
            case ("POST", ["git", "trees"]):
                var baseTree = (string)input!["base_tree"]!;
                var entries = input["tree"]!.AsArray().Select(e => ((string)e!["path"]!, (string)e["mode"]!, (string?)e["sha"]));
                var treeSha = Store.WriteTree(baseTree, entries);
                return (201, GitHubTree(treeSha, recursive: false)!);
            case ("POST", ["git", "commits"]):
                var parents = input!["parents"]!.AsArray().Select(p => (string)p!).ToList();
                var author = input["author"];
                var written = Store.WriteCommit((string)input["tree"]!, parents, (string)input["message"]!, (string?)author?["name"] ?? "ghost", (string?)author?["email"] ?? "ghost@fake.test");
                return (201, GitHubShapes.GitCommit(Store.Commit(written)!));
            case ("PATCH", ["git", "refs", "heads", ..]):
                var refName = "refs/heads/" + string.Join('/', path[3..]);
                var current = Store.ResolveCommit(refName);
                var target = (string)input!["sha"]!;
                if (current is null)
                {
                    return (422, GitHubShapes.Error("Reference does not exist"));
                }

                if ((bool?)input["force"] != true && !Store.IsAncestor(current, target))
                {
                    return (422, GitHubShapes.Error("Update is not a fast forward"));
                }

                return Store.UpdateRef(refName, target, current) ? (200, GitHubRef(refName, target)) : (422, GitHubShapes.Error("Update is not a fast forward"));
            default:
                return GitHubData(path, request, input);
        }
    }
}
