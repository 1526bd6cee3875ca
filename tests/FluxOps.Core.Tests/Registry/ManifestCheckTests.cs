using FluxOps.Core.Registry;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Registry;

/// <summary>A real docker-registry with an image, a second tag and a two-platform OCI index.</summary>
public sealed class PopulatedRegistry : IDisposable
{
    public PopulatedRegistry()
    {
        Registry = new RegistryServer();
        using var pusher = new ImagePusher(Registry);
        AppV1 = pusher.PushImageAsync("team/app", "v1").GetAwaiter().GetResult();
        AppV2 = pusher.PushImageAsync("team/app", "v2").GetAwaiter().GetResult();
        Index = pusher.PushIndexAsync("multi", "v1", "linux/amd64", "linux/arm64").GetAwaiter().GetResult();
        pusher.TagAsync("team/app", "v1", Enumerable.Range(0, 20).Select(i => $"t{i}")).GetAwaiter().GetResult();
    }

    public RegistryServer Registry { get; }

    public string AppV1 { get; }

    public string AppV2 { get; }

    public string Index { get; }

    public void Dispose() => Registry.Dispose();
}

public sealed class ManifestCheckTests(PopulatedRegistry fixture) : IClassFixture<PopulatedRegistry>, IDisposable
{
    private const string MissingDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private readonly RegistryTestKit _kit = new();
    private string Host => fixture.Registry.Host;

    [Fact]
    public async Task An_existing_tag_exists_with_its_digest_and_media_type()
    {
        using var batch = _kit.NewBatch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{Host}/team/app:v1");

        Assert.Equal(ImageCheckStatus.Exists, result.Status);
        Assert.Equal(fixture.AppV1, result.Digest);
        Assert.Equal(ManifestMediaTypes.OciManifest, result.MediaType);
        Assert.Equal(($"{Host}/team/app:v1", Host, "team/app", "v1"), (result.Image, result.Registry, result.Repository, result.Tag));
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task A_missing_tag_and_a_missing_repository_are_not_found_after_one_head_each()
    {
        using var proxy = new RegistryProxy(fixture.Registry.BaseUri, TimeSpan.Zero);
        using var batch = _kit.NewBatch(new RegistryClientOptions { PlainHttpHosts = [proxy.Host] });

        var tag = await RegistryTestKit.CheckAsync(batch, $"{proxy.Host}/team/app:nope");
        var repository = await RegistryTestKit.CheckAsync(batch, $"{proxy.Host}/no/such:v1");

        Assert.Equal(ImageCheckStatus.NotFound, tag.Status);
        Assert.StartsWith("team/app:nope not found", tag.Error, StringComparison.Ordinal);
        Assert.Equal(ImageCheckStatus.NotFound, repository.Status);
        Assert.Equal(2, proxy.Count("HEAD", "manifests"));
        Assert.Equal(0, proxy.Count("GET", "manifests"));
    }

    [Fact]
    public async Task A_pinned_digest_is_checked_itself()
    {
        using var batch = _kit.NewBatch();

        var present = await RegistryTestKit.CheckAsync(batch, $"{Host}/team/app@{fixture.AppV2}");
        var absent = await RegistryTestKit.CheckAsync(batch, $"{Host}/team/app@{MissingDigest}");

        Assert.Equal((ImageCheckStatus.Exists, fixture.AppV2), (present.Status, present.Digest));
        Assert.Equal(ImageCheckStatus.NotFound, absent.Status);
        Assert.Contains(MissingDigest, absent.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_that_moved_away_from_its_pinned_digest_is_reported_but_not_failed()
    {
        using var batch = _kit.NewBatch();

        var moved = await RegistryTestKit.CheckAsync(batch, $"{Host}/team/app:v1@{fixture.AppV2}");
        var still = await RegistryTestKit.CheckAsync(batch, $"{Host}/team/app:v2@{fixture.AppV2}");

        Assert.Equal(ImageCheckStatus.Exists, moved.Status);
        Assert.Equal(fixture.AppV2, moved.Digest);
        Assert.Equal(fixture.AppV1, moved.TagDigest);
        Assert.Equal(ImageCheckStatus.Exists, still.Status);
        Assert.Null(still.TagDigest);
    }

    [Fact]
    public async Task An_index_must_list_every_requested_platform()
    {
        using var arm = _kit.NewBatch(new RegistryClientOptions { Platforms = ["linux/arm64"] });
        using var s390 = _kit.NewBatch(new RegistryClientOptions { Platforms = ["linux/amd64", "linux/s390x"] });

        var ok = await RegistryTestKit.CheckAsync(arm, $"{Host}/multi:v1");
        var missing = await RegistryTestKit.CheckAsync(s390, $"{Host}/multi:v1");

        Assert.Equal(ImageCheckStatus.Exists, ok.Status);
        Assert.Equal(fixture.Index, ok.Digest);
        Assert.Equal(ManifestMediaTypes.OciIndex, ok.MediaType);
        Assert.Equal(["linux/amd64", "linux/arm64"], ok.Platforms);
        Assert.Equal(ImageCheckStatus.NotFound, missing.Status);
        Assert.Contains("linux/s390x", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("linux/amd64,", missing.Error!.Split('(')[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_platform_image_is_checked_against_its_config()
    {
        using var amd = _kit.NewBatch(new RegistryClientOptions { Platforms = ["linux/amd64"] });
        using var arm = _kit.NewBatch(new RegistryClientOptions { Platforms = ["linux/arm64"] });

        Assert.Equal(ImageCheckStatus.Exists, (await RegistryTestKit.CheckAsync(amd, $"{Host}/team/app:v1")).Status);
        var wrong = await RegistryTestKit.CheckAsync(arm, $"{Host}/team/app:v1");
        Assert.Equal(ImageCheckStatus.NotFound, wrong.Status);
        Assert.Equal(["linux/amd64"], wrong.Platforms);
    }

    [Fact]
    public async Task Identical_references_cost_one_request_and_each_input_keeps_its_own_file_and_line()
    {
        using var proxy = new RegistryProxy(fixture.Registry.BaseUri, TimeSpan.Zero);
        using var batch = _kit.NewBatch(new RegistryClientOptions { PlainHttpHosts = [proxy.Host] });
        var inputs = Enumerable.Range(0, 1000).Select(i => (Ref: $"{proxy.Host}/team/app:t{i % 20}", File: $"apps/f{i}.yaml", Line: i + 1)).ToList();

        var tasks = inputs.Select(i => batch.Submit(ImageNameParser.Parse(i.Ref), i.File, i.Line)).ToList();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(20, proxy.ManifestRequests);
        Assert.Equal(20, batch.DistinctCount);
        Assert.All(results, r => Assert.Equal(ImageCheckStatus.Exists, r.Status));
        Assert.Equal(inputs.Select(i => (i.Ref, i.File, i.Line)), results.Select(r => (r.Image, r.File!, r.Line)));
    }

    [Fact]
    public async Task Different_spellings_of_one_image_are_asked_once()
    {
        using var proxy = new RegistryProxy(fixture.Registry.BaseUri, TimeSpan.Zero);
        using var batch = _kit.NewBatch(new RegistryClientOptions { PlainHttpHosts = [proxy.Host] });

        var a = batch.Submit(ImageNameParser.Parse($"{proxy.Host}/team/app:v1"));
        var b = batch.Submit(ImageNameParser.Parse($" {proxy.Host}/team/app:v1"));
        await Task.WhenAll(a, b);

        Assert.Equal(1, proxy.ManifestRequests);
        Assert.Equal(ImageCheckStatus.Exists, (await b).Status);
    }

    public void Dispose() => _kit.Dispose();
}
