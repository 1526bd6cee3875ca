using FluxOps.Core.Registry;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Registry;

/// <summary>A real registry holding acme/web at several versions and acme/api at branch-style tags.</summary>
public sealed class TaggedRegistry : IDisposable
{
    public TaggedRegistry()
    {
        Registry = new RegistryServer();
        using var pusher = new ImagePusher(Registry);
        pusher.PushImageAsync("acme/web", "1.0.0").GetAwaiter().GetResult();
        pusher.TagAsync("acme/web", "1.0.0", ["1.0.1", "1.1.0", "1.1.0-rc.1", "latest"]).GetAwaiter().GetResult();
        pusher.PushImageAsync("acme/api", "main-4f2a9c1").GetAwaiter().GetResult();
        pusher.TagAsync("acme/api", "main-4f2a9c1", ["main-4f2a9c0", "feature-login"]).GetAwaiter().GetResult();
    }

    public RegistryServer Registry { get; }

    public void Dispose() => Registry.Dispose();
}

/// <summary>
/// When a tag is missing, Test-ImageTag names the repository's nearest existing tags from its tag list (paged through the
/// registry's Link header, once per repository), and asks nothing extra when every image exists.
/// </summary>
public sealed class NearestTagsTests(TaggedRegistry fixture) : IClassFixture<TaggedRegistry>, IDisposable
{
    private readonly RegistryTestKit _kit = new();
    private readonly RegistryProxy _proxy = new(fixture.Registry.BaseUri, TimeSpan.Zero);

    private ImageCheckBatch Batch(bool listTags = true) => _kit.NewBatch(new RegistryClientOptions
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        ListTagsWhenMissing = listTags,
        TagPageSize = 2,
    });

    [Fact]
    public async Task A_missing_version_names_the_newest_versions()
    {
        using var batch = Batch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{_proxy.Host}/acme/web:1.2.0");

        Assert.Equal(ImageCheckStatus.NotFound, result.Status);
        Assert.Equal(["1.1.0", "1.1.0-rc.1", "1.0.1"], result.NearestTags);
        Assert.Equal($"acme/web:1.2.0 not found in {_proxy.Host}; newest: 1.1.0, 1.1.0-rc.1, 1.0.1.", result.Error);
        Assert.Equal(1, _proxy.Count("GET", "tags")); // distribution 2.8 answers the whole list at once (paging: TagListPagingTests)
    }

    [Fact]
    public async Task Several_missing_tags_of_one_repository_cost_one_tag_list()
    {
        using var batch = Batch();

        var results = await Task.WhenAll(new[] { "2.0.0", "0.9.0", "1.0.2" }.Select(tag => RegistryTestKit.CheckAsync(batch, $"{_proxy.Host}/acme/web:{tag}")));

        Assert.All(results, r => Assert.Equal(["1.1.0", "1.1.0-rc.1", "1.0.1"], r.NearestTags));
        Assert.Equal(1, _proxy.Count("GET", "tags"));
    }

    [Fact]
    public async Task When_every_image_exists_no_tag_list_is_asked_for()
    {
        using var batch = Batch();

        var results = await Task.WhenAll(new[] { "acme/web:1.0.0", "acme/web:1.1.0", "acme/api:main-4f2a9c1" }
            .Select(image => RegistryTestKit.CheckAsync(batch, $"{_proxy.Host}/{image}")));

        Assert.All(results, r => Assert.Equal(ImageCheckStatus.Exists, r.Status));
        Assert.Equal(0, _proxy.Count("GET", "tags"));
        Assert.Equal(3, _proxy.TotalRequests); // one HEAD per image and nothing else
    }

    [Fact]
    public async Task A_branch_style_tag_names_the_closest_tags_and_a_missing_repository_says_so()
    {
        using var batch = Batch();

        var api = await RegistryTestKit.CheckAsync(batch, $"{_proxy.Host}/acme/api:main-4f2a9c2");
        var nothing = await RegistryTestKit.CheckAsync(batch, $"{_proxy.Host}/acme/nothing:1.0.0");

        Assert.Equal(["main-4f2a9c1", "main-4f2a9c0", "feature-login"], api.NearestTags);
        Assert.Contains("; closest: main-4f2a9c1, main-4f2a9c0, feature-login.", api.Error, StringComparison.Ordinal);
        Assert.Equal(ImageCheckStatus.NotFound, nothing.Status);
        Assert.Empty(nothing.NearestTags);
        Assert.Equal($"acme/nothing:1.0.0 not found: the repository {_proxy.Host}/acme/nothing does not exist.", nothing.Error);
    }

    [Fact]
    public async Task Opting_out_asks_nothing_extra_and_keeps_the_plain_message()
    {
        using var batch = Batch(listTags: false);

        var result = await RegistryTestKit.CheckAsync(batch, $"{_proxy.Host}/acme/web:1.2.0");

        Assert.Equal(ImageCheckStatus.NotFound, result.Status);
        Assert.Empty(result.NearestTags);
        Assert.StartsWith("tag '1.2.0' not found", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, _proxy.Count("GET", "tags"));
    }

    [Theory]
    [InlineData("1.2.0", "v1.10.0,v1.9.0,1.2.0-rc.10", "v1.10.0,v1.9.0,1.2.0-rc.2,latest,1.2.0-rc.10")]
    [InlineData("2.0", "2.0.1,2.0.0,1.9", "1.9,2.0.0,2.0.1,nightly")]
    [InlineData("nightly-20260302", "nightly-20260301,nightly-20260228,latest", "latest,nightly-20260228,nightly-20260301,1.0.0")]
    public void Versions_sort_as_versions_and_other_tags_by_shared_prefix(string missing, string expected, string tags)
    {
        var (nearest, label) = NearestTags.For(missing, tags.Split(','));

        Assert.Equal(expected.Split(','), nearest);
        Assert.Equal(missing.StartsWith("nightly", StringComparison.Ordinal) ? "closest" : "newest", label);
    }

    public void Dispose()
    {
        _proxy.Dispose();
        _kit.Dispose();
    }
}
