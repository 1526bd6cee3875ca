using System.Collections.Specialized;
using System.Net;
using System.Text.Json.Nodes;

namespace FluxOps.Testing;

/// <summary>
/// Azure DevOps' discovery, refs and item trees. Microsoft's own client (azure-devops-node-api) does not hard-code
/// URLs: it asks OPTIONS /_apis/{area} for the route template of each resource id and GET /_apis/ResourceAreas for
/// the host of an area (an empty list means "this server", as on Azure DevOps Server), so the fake answers those too.
/// </summary>
public sealed partial class FakeGitHostServer
{
    private const string GitRoute = "{project}/_apis/{area}/repositories/{repositoryId}/";

    /// <summary>The git resources the official client asks for by id, with the route templates the service publishes.</summary>
    private static readonly (string Id, string Resource, string Template)[] GitLocations =
    [
        ("2d874a60-a811-4f62-9c9f-963a6ea0a55b", "refs", GitRoute + "{resource}/{*filter}"),
        ("c2570c3b-5b3f-41b8-98bf-5407bfde8d58", "commits", GitRoute + "{resource}/{commitId}"),
        ("5bf884f5-3e07-42e9-afb8-1b872267bf16", "changes", GitRoute + "commits/{commitId}/{resource}"),
        ("fb93c0db-47ed-4a31-8c20-47552878fb44", "items", GitRoute + "{resource}/{*path}"),
        ("ea98d07b-3c87-4971-8ede-a613694ffb55", "pushes", GitRoute + "{resource}/{pushId}"),
        ("9946fd70-0d40-406e-b686-b4744cbbcc37", "pullRequests", GitRoute + "{resource}/{pullRequestId}"),
    ];

    private static (int, object) AzureLocations(string[] segments, HttpListenerRequest request)
    {
        static JsonObject Location(string id, string area, string resource, string template) => new()
        {
            ["id"] = id,
            ["area"] = area,
            ["resourceName"] = resource,
            ["routeTemplate"] = template,
            ["resourceVersion"] = 1,
            ["minVersion"] = "1.0",
            ["maxVersion"] = "7.2",
            ["releasedVersion"] = "7.1",
        };
        return (request.HttpMethod, segments) switch
        {
            ("OPTIONS", ["azdo", _, "_apis", var area]) when area.Equals("Location", StringComparison.OrdinalIgnoreCase) => (200, List(
                Location("e81700f7-3be2-46de-8624-2eb35882fcaa", "Location", "ResourceAreas", "_apis/{resource}/{areaId}"))),
            ("OPTIONS", ["azdo", _, "_apis", "git"]) => (200, List(GitLocations.Select(l => Location(l.Id, "git", l.Resource, l.Template)).ToArray())),
            ("OPTIONS", _) => (200, List()),
            ("GET", ["azdo", _, "_apis", var resource, ..]) when resource.Equals("ResourceAreas", StringComparison.OrdinalIgnoreCase) => (200, List()),
            _ => (404, Message("Not Found")),
        };
    }

    private static JsonObject List(params JsonNode[] items) => new() { ["count"] = items.Length, ["value"] = new JsonArray(items) };

    private (int, object) AzureRefs(string? filter)
    {
        var prefix = "refs/" + (filter ?? string.Empty);
        var refs = Store.ListRefs().Where(r => r.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["objectId"] = r.Sha,
                ["url"] = $"https://dev.azure.example/acme/platform/_apis/git/repositories/fleet/refs?filter={r.Name[5..]}",
            }).ToArray();
        return (200, List(refs));
    }

    private (int, object) AzureItems(NameValueCollection query)
    {
        var version = query["versionDescriptor.version"] ?? "refs/heads/main";
        if (Store.ResolveCommit(version) is not { } commit || Store.ListTree(commit, recursive: true) is not { } entries)
        {
            return (404, Message("TF401174: The item could not be found."));
        }

        JsonNode Item(string path, string type, string sha) => new JsonObject
        {
            ["objectId"] = sha,
            ["gitObjectType"] = type,
            ["commitId"] = commit,
            ["path"] = path,
            ["isFolder"] = type == "tree",
            ["url"] = $"https://dev.azure.example/acme/platform/_apis/git/repositories/fleet/items?path={Uri.EscapeDataString(path)}&versionType=Commit&version={commit}",
        };
        return (200, List([Item("/", "tree", Store.Commit(commit)!.Tree), .. entries.Select(e => Item("/" + e.Path, e.Type, e.Sha))]));
    }
}
