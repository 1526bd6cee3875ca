using System.Text.Json.Nodes;

namespace FluxOps.Testing;

/// <summary>
/// The objects the fake GitHub answers with, complete as GitHub's OpenAPI description requires them (every required
/// field, with its type and format), so a client generated from or checked against the description reads them.
/// </summary>
internal static class GitHubShapes
{
    public const string Api = "https://api.github.example/repos/acme/fleet";
    public const string Web = "https://github.example/acme/fleet";
    private const string Epoch = "2024-01-01T00:00:00Z";

    public static JsonObject Error(string message) => new() { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" };

    public static JsonObject User() => new()
    {
        ["login"] = "fluxops-bot",
        ["id"] = 1,
        ["node_id"] = "U_1",
        ["avatar_url"] = "https://avatars.github.example/u/1",
        ["gravatar_id"] = string.Empty,
        ["url"] = "https://api.github.example/users/fluxops-bot",
        ["html_url"] = "https://github.example/fluxops-bot",
        ["followers_url"] = "https://api.github.example/users/fluxops-bot/followers",
        ["following_url"] = "https://api.github.example/users/fluxops-bot/following{/other_user}",
        ["gists_url"] = "https://api.github.example/users/fluxops-bot/gists{/gist_id}",
        ["starred_url"] = "https://api.github.example/users/fluxops-bot/starred{/owner}{/repo}",
        ["subscriptions_url"] = "https://api.github.example/users/fluxops-bot/subscriptions",
        ["organizations_url"] = "https://api.github.example/users/fluxops-bot/orgs",
        ["repos_url"] = "https://api.github.example/users/fluxops-bot/repos",
        ["events_url"] = "https://api.github.example/users/fluxops-bot/events{/privacy}",
        ["received_events_url"] = "https://api.github.example/users/fluxops-bot/received_events",
        ["type"] = "User",
        ["site_admin"] = false,
    };

    public static JsonObject Repository()
    {
        var repository = new JsonObject
        {
            ["id"] = 42,
            ["node_id"] = "R_42",
            ["name"] = "fleet",
            ["full_name"] = "acme/fleet",
            ["owner"] = User(),
            ["private"] = true,
            ["html_url"] = Web,
            ["description"] = null,
            ["fork"] = false,
            ["url"] = Api,
            ["clone_url"] = Web + ".git",
            ["git_url"] = "git://github.example/acme/fleet.git",
            ["ssh_url"] = "git@github.example:acme/fleet.git",
            ["svn_url"] = Web,
            ["mirror_url"] = null,
            ["homepage"] = null,
            ["language"] = null,
            ["license"] = null,
            ["default_branch"] = "main",
            ["created_at"] = Epoch,
            ["updated_at"] = Epoch,
            ["pushed_at"] = Epoch,
        };
        foreach (var name in new[] { "archive", "assignees", "blobs", "branches", "collaborators", "comments", "commits", "compare", "contents", "contributors", "deployments", "downloads", "events", "forks", "git_commits", "git_refs", "git_tags", "hooks", "issue_comment", "issue_events", "issues", "keys", "labels", "languages", "merges", "milestones", "notifications", "pulls", "releases", "stargazers", "statuses", "subscribers", "subscription", "tags", "teams", "trees" })
        {
            repository[name + "_url"] = $"{Api}/{name}";
        }

        foreach (var name in new[] { "has_downloads", "has_issues", "has_projects", "has_wiki", "has_pages", "archived", "disabled" })
        {
            repository[name] = false;
        }

        foreach (var name in new[] { "forks", "forks_count", "open_issues", "open_issues_count", "size", "stargazers_count", "watchers", "watchers_count" })
        {
            repository[name] = 0;
        }

        return repository;
    }

    public static JsonObject PullRequest(FakePullRequest pull, string headSha, string baseSha)
    {
        var url = $"{Api}/pulls/{pull.Number}";
        JsonObject Link(string href) => new() { ["href"] = href };
        JsonObject Branch(string name, string sha) => new() { ["label"] = "acme:" + name, ["ref"] = name, ["sha"] = sha, ["user"] = User(), ["repo"] = Repository() };
        return new JsonObject
        {
            ["url"] = url,
            ["id"] = 1000 + pull.Number,
            ["node_id"] = $"PR_{pull.Number}",
            ["number"] = pull.Number,
            ["state"] = pull.Open ? "open" : "closed",
            ["locked"] = false,
            ["title"] = pull.Title,
            ["body"] = pull.Body,
            ["user"] = User(),
            ["html_url"] = $"{Web}/pull/{pull.Number}",
            ["diff_url"] = $"{Web}/pull/{pull.Number}.diff",
            ["patch_url"] = $"{Web}/pull/{pull.Number}.patch",
            ["issue_url"] = $"{Api}/issues/{pull.Number}",
            ["commits_url"] = url + "/commits",
            ["review_comments_url"] = url + "/comments",
            ["review_comment_url"] = $"{Api}/pulls/comments{{/number}}",
            ["comments_url"] = $"{Api}/issues/{pull.Number}/comments",
            ["statuses_url"] = $"{Api}/statuses/{headSha}",
            ["labels"] = new JsonArray(),
            ["milestone"] = null,
            ["assignee"] = null,
            ["created_at"] = Epoch,
            ["updated_at"] = Epoch,
            ["closed_at"] = pull.Open ? null : Epoch,
            ["merged_at"] = null,
            ["merge_commit_sha"] = null,
            ["head"] = Branch(pull.Head, headSha),
            ["base"] = Branch(pull.Base, baseSha),
            ["author_association"] = "MEMBER",
            ["auto_merge"] = null,
            ["_links"] = new JsonObject
            {
                ["self"] = Link(url),
                ["html"] = Link($"{Web}/pull/{pull.Number}"),
                ["issue"] = Link($"{Api}/issues/{pull.Number}"),
                ["comments"] = Link($"{Api}/issues/{pull.Number}/comments"),
                ["review_comments"] = Link(url + "/comments"),
                ["review_comment"] = Link($"{Api}/pulls/comments{{/number}}"),
                ["commits"] = Link(url + "/commits"),
                ["statuses"] = Link($"{Api}/statuses/{headSha}"),
            },
            ["merged"] = false,
            ["mergeable"] = null,
            ["mergeable_state"] = "unknown",
            ["merged_by"] = null,
            ["maintainer_can_modify"] = false,
            ["comments"] = 0,
            ["review_comments"] = 0,
            ["commits"] = 1,
            ["additions"] = 0,
            ["deletions"] = 0,
            ["changed_files"] = 0,
        };
    }

    /// <summary>The REST "commit" object (GET /commits and /commits/{ref}).</summary>
    public static JsonObject Commit(BareRepositoryStore.CommitInfo info) => new()
    {
        ["url"] = $"{Api}/commits/{info.Sha}",
        ["sha"] = info.Sha,
        ["node_id"] = "C_" + info.Sha[..12],
        ["html_url"] = $"{Web}/commit/{info.Sha}",
        ["comments_url"] = $"{Api}/commits/{info.Sha}/comments",
        ["commit"] = new JsonObject
        {
            ["url"] = $"{Api}/git/commits/{info.Sha}",
            ["author"] = new JsonObject { ["name"] = info.AuthorName, ["email"] = info.AuthorEmail, ["date"] = info.AuthorDate },
            ["committer"] = new JsonObject { ["name"] = info.CommitterName, ["email"] = info.CommitterEmail, ["date"] = info.CommitterDate },
            ["message"] = info.Message.TrimEnd('\n'),
            ["comment_count"] = 0,
            ["tree"] = new JsonObject { ["sha"] = info.Tree, ["url"] = $"{Api}/git/trees/{info.Tree}" },
        },
        ["author"] = null,
        ["committer"] = null,
        ["parents"] = new JsonArray(info.Parents.Select(p => (JsonNode)new JsonObject { ["sha"] = p, ["url"] = $"{Api}/commits/{p}", ["html_url"] = $"{Web}/commit/{p}" }).ToArray()),
    };

    /// <summary>The Git Data "git-commit" object (POST /git/commits).</summary>
    public static JsonObject GitCommit(BareRepositoryStore.CommitInfo info) => new()
    {
        ["sha"] = info.Sha,
        ["node_id"] = "C_" + info.Sha[..12],
        ["url"] = $"{Api}/git/commits/{info.Sha}",
        ["html_url"] = $"{Web}/commit/{info.Sha}",
        ["author"] = new JsonObject { ["date"] = info.AuthorDate, ["email"] = info.AuthorEmail, ["name"] = info.AuthorName },
        ["committer"] = new JsonObject { ["date"] = info.CommitterDate, ["email"] = info.CommitterEmail, ["name"] = info.CommitterName },
        ["message"] = info.Message.TrimEnd('\n'),
        ["tree"] = new JsonObject { ["sha"] = info.Tree, ["url"] = $"{Api}/git/trees/{info.Tree}" },
        ["parents"] = new JsonArray(info.Parents.Select(p => (JsonNode)new JsonObject { ["sha"] = p, ["url"] = $"{Api}/git/commits/{p}", ["html_url"] = $"{Web}/commit/{p}" }).ToArray()),
        ["verification"] = new JsonObject { ["verified"] = false, ["reason"] = "unsigned", ["signature"] = null, ["payload"] = null, ["verified_at"] = null },
    };

    public static JsonObject DiffEntry(BareRepositoryStore.PathChange change)
    {
        var entry = new JsonObject
        {
            ["sha"] = null,
            ["filename"] = change.Path,
            ["status"] = change.Status switch { 'A' => "added", 'D' => "removed", 'R' => "renamed", _ => "modified" },
            ["additions"] = 0,
            ["deletions"] = 0,
            ["changes"] = 0,
            ["blob_url"] = $"{Web}/blob/HEAD/{change.Path}",
            ["raw_url"] = $"{Web}/raw/HEAD/{change.Path}",
            ["contents_url"] = $"{Api}/contents/{change.Path}",
        };
        if (change.OldPath is not null)
        {
            entry["previous_filename"] = change.OldPath;
        }

        return entry;
    }
}
