using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FluxOps.Core.Registry;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Registry;

/// <summary>
/// Tag-list paging as the distribution spec describes it (<c>?n=</c>, <c>Link: &lt;…&gt;; rel="next"</c>). The registry the
/// other tests run (distribution 2.8) answers the whole list at once, so a tiny server plays a paging registry here:
/// every page is read, the walk is bounded, and a next link to another host is not followed.
/// </summary>
public sealed class TagListPagingTests : IDisposable
{
    private readonly RegistryTestKit _kit = new();
    private readonly LoopbackHttpServer _server;
    private readonly string[] _tags;
    private string? _foreignLink;

    public TagListPagingTests()
    {
        _tags = ["0.1.0", .. Enumerable.Range(0, 30).Select(i => $"1.{i}.0")];
        _server = new LoopbackHttpServer(AnswerAsync);
    }

    private ImageCheckBatch Batch() => _kit.NewBatch(new RegistryClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(20), TagPageSize = 4 });

    [Fact]
    public async Task Every_page_is_read_through_the_link_header_up_to_the_bound()
    {
        using var batch = Batch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{_server.Host}/acme/web:2.0.0");

        // 31 tags in pages of 4, but at most 10 pages (40 would fit): all 8 pages are read and the newest come from the last.
        Assert.Equal(ImageCheckStatus.NotFound, result.Status);
        Assert.Equal(["1.29.0", "1.28.0", "1.27.0"], result.NearestTags);
        Assert.Equal(8, _server.Requests.Count(r => r.PathAndQuery.Contains("/tags/list", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_longer_list_is_cut_after_ten_pages_and_says_so()
    {
        using var batch = _kit.NewBatch(new RegistryClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(20), TagPageSize = 2 });

        var result = await RegistryTestKit.CheckAsync(batch, $"{_server.Host}/acme/web:2.0.0");

        Assert.Equal(TagLister.MaxPages, _server.Requests.Count(r => r.PathAndQuery.Contains("/tags/list", StringComparison.Ordinal)));
        Assert.EndsWith("(of the first 20 tags listed).", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_not_followed()
    {
        _foreignLink = "http://198.51.100.7/v2/acme/web/tags/list?last=1.2.0&n=4";
        using var batch = Batch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{_server.Host}/acme/web:2.0.0");

        Assert.Equal(1, _server.Requests.Count(r => r.PathAndQuery.Contains("/tags/list", StringComparison.Ordinal)));
        Assert.Equal(["1.2.0", "1.1.0", "1.0.0"], result.NearestTags);
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellation)
    {
        var url = context.Request.Url!;
        if (url.AbsolutePath.EndsWith("/tags/list", StringComparison.Ordinal))
        {
            var query = System.Web.HttpUtility.ParseQueryString(url.Query);
            var n = int.Parse(query["n"] ?? "100", CultureInfo.InvariantCulture);
            var after = query["last"];
            var page = _tags.SkipWhile(t => after is not null && t != after).Skip(after is null ? 0 : 1).Take(n).ToArray();
            var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
            if (page.Length == n && page[^1] != _tags[^1])
            {
                headers["Link"] = _foreignLink is { } foreign ? $"<{foreign}>; rel=\"next\"" : $"</v2/acme/web/tags/list?last={page[^1]}&n={n}>; rel=\"next\"";
            }

            await LoopbackHttpServer.RespondAsync(context, 200, headers, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { name = "acme/web", tags = page }))).ConfigureAwait(false);
            return;
        }

        await LoopbackHttpServer.RespondAsync(context, (int)HttpStatusCode.NotFound).ConfigureAwait(false); // every manifest is missing
    }

    public void Dispose()
    {
        _server.Dispose();
        _kit.Dispose();
    }
}
