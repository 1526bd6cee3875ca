using System.Net;
using System.Text.Json;

namespace FluxOps.Core.Registry;

/// <summary>A repository's tags as far as they were read; <see cref="RepositoryMissing"/> when the registry does not know the repository.</summary>
internal sealed record TagList(IReadOnlyList<string> Tags, bool Truncated, bool RepositoryMissing = false)
{
    public static TagList Unavailable { get; } = new([], Truncated: true);
}

/// <summary>
/// Reads a repository's tag list (<c>GET /v2/&lt;name&gt;/tags/list</c>) to name the nearest existing tags when one is
/// missing. Pages follow the registry's <c>Link: &lt;…&gt;; rel="next"</c> header, only on the same registry, and the walk
/// is bounded (<see cref="MaxPages"/> pages of <see cref="PageSize"/> tags): a repository with more tags is reported as read so far.
/// Requests go through the batch's authenticated sender, so the pull token of the manifest check is reused.
/// </summary>
internal sealed class TagLister(Func<HttpMethod, ImageName, string, CancellationToken, Task<HttpResponseMessage>> send, int pageSize = TagLister.PageSize)
{
    public const int PageSize = 1000;
    public const int MaxPages = 10;

    public async Task<TagList> ListAsync(ImageName name, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(name);
        var tags = new List<string>();
        string? next = $"tags/list?n={pageSize}";
        for (var page = 0; next is not null && page < MaxPages; page++)
        {
            using var response = await send(HttpMethod.Get, name, next, cancellation).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && page == 0)
            {
                return new TagList([], Truncated: false, RepositoryMissing: true);
            }

            if (!response.IsSuccessStatusCode)
            {
                return tags.Count == 0 ? TagList.Unavailable : new TagList(tags, Truncated: true);
            }

            try
            {
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false), cancellationToken: cancellation).ConfigureAwait(false);
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    tags.AddRange(list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!));
                }
            }
            catch (JsonException)
            {
                return tags.Count == 0 ? TagList.Unavailable : new TagList(tags, Truncated: true);
            }

            next = NextPage(response, name);
        }

        return new TagList(tags, Truncated: next is not null);
    }

    /// <summary>The next page's path below <c>/v2/&lt;name&gt;/</c>, from the Link header; null on the last page or for a link elsewhere.</summary>
    internal static string? NextPage(HttpResponseMessage response, ImageName name)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(name);
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var link in values.SelectMany(v => v.Split(',')))
        {
            var open = link.IndexOf('<', StringComparison.Ordinal);
            var close = link.IndexOf('>', StringComparison.Ordinal);
            if (open < 0 || close < open || !link[close..].Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var target = link[(open + 1)..close].Trim();
            // A path ("/v2/...") is relative to the registry; on Unix Uri would read it as an absolute file:// URI.
            if (!target.StartsWith('/') && Uri.TryCreate(target, UriKind.Absolute, out var absolute))
            {
                var request = response.RequestMessage?.RequestUri;
                if (request is null || !string.Equals(absolute.Authority, request.Authority, StringComparison.OrdinalIgnoreCase))
                {
                    return null; // never follow a tag list (and the credentials with it) to another host
                }

                target = absolute.PathAndQuery;
            }

            var prefix = $"/v2/{name.Repository}/";
            return target.StartsWith(prefix, StringComparison.Ordinal) ? target[prefix.Length..] : null;
        }

        return null;
    }
}
