using System.Net;
using System.Text.Json.Nodes;

namespace FluxOps.Testing;

/// <summary>GitLab: commits, commit diff, raw files, and POST commits with create/update/delete and last_commit_id checks.</summary>
public sealed partial class FakeGitHostServer
{
    private (int, object) GitLab(string[] path, HttpListenerRequest request, JsonNode? input)
    {
        var query = request.QueryString;
        switch (request.HttpMethod, path)
        {
            case ("GET", ["commits"]):
                var perPage = Limit(query["per_page"], 20);
                return (200, new JsonArray(Store.Log(query["ref_name"] ?? "HEAD", query["path"], perPage, (Limit(query["page"], 1) - 1) * perPage)
                    .Select(sha => (JsonNode)GitLabCommit(Store.Commit(sha)!)).ToArray()));
            case ("GET", ["commits", var sha]):
                return Store.Commit(sha) is { } info ? (200, GitLabCommit(info)) : (404, Message("404 Commit Not Found"));
            case ("GET", ["commits", var sha, "diff"]):
                return (200, new JsonArray(Store.Changes(sha).Select(c => (JsonNode)new JsonObject
                {
                    ["old_path"] = c.OldPath ?? c.Path,
                    ["new_path"] = c.Path,
                    ["new_file"] = c.Status == 'A',
                    ["deleted_file"] = c.Status == 'D',
                    ["renamed_file"] = c.Status == 'R',
                }).ToArray()));
            case ("GET", ["files", var file, "raw"]):
                return Store.ReadFile(query["ref"] ?? "HEAD", file) is { } bytes ? (200, bytes) : (404, Message("404 File Not Found"));
            case ("POST", ["commits"]):
                return GitLabCommitActions(input!);
            default:
                return GitLabBranches(path, request);
        }
    }

    private (int, object) GitLabCommitActions(JsonNode input)
    {
        var branch = (string)input["branch"]!;
        var refName = "refs/heads/" + branch;
        var start = (string?)input["start_sha"] ?? (string?)input["start_branch"];
        if (start is not null && Store.ResolveCommit(refName) is not null)
        {
            return (400, Message($"A branch called '{branch}' already exists. Switch to that branch in order to make changes"));
        }

        var creates = start is not null;
        if ((creates ? Store.ResolveCommit(start!) : Store.ResolveCommit(refName)) is not { } tip)
        {
            return (400, Message("You can only create or edit files when you are on a branch"));
        }

        var changes = new List<StoreFileChange>();
        foreach (var action in input["actions"]!.AsArray())
        {
            var kind = (string)action!["action"]!;
            var file = (string)action["file_path"]!;
            var exists = Store.ReadFile(tip, file) is not null;
            if (kind == "create" && exists)
            {
                return (400, Message("A file with this name already exists"));
            }

            if (kind != "create" && !exists)
            {
                return (400, Message("A file with this name doesn't exist"));
            }

            if ((string?)action["last_commit_id"] is { } last && kind != "create" && Store.LastCommitTouching(tip, file) != last)
            {
                return (400, Message("You are attempting to update a file that has changed since you started editing it."));
            }

            var content = (string?)action["content"];
            changes.Add(new StoreFileChange(file, kind == "delete" ? null
                : (string?)action["encoding"] == "base64" ? Convert.FromBase64String(content!) : System.Text.Encoding.UTF8.GetBytes(content ?? string.Empty)));
        }

        var sha = Store.CommitOnto(tip, changes, (string)input["commit_message"]!, (string?)input["author_name"] ?? "ghost", (string?)input["author_email"] ?? "ghost@fake.test");
        return Store.UpdateRef(refName, sha, creates ? null : tip)
            ? (201, GitLabCommit(Store.Commit(sha)!))
            : (400, Message("You are attempting to update a file that has changed since you started editing it."));
    }

    private static JsonObject GitLabCommit(BareRepositoryStore.CommitInfo info) => new()
    {
        ["id"] = info.Sha,
        ["message"] = info.Message,
        ["committed_date"] = info.CommitterDate,
        ["parent_ids"] = new JsonArray(info.Parents.Select(p => (JsonNode)p).ToArray()),
    };
}
