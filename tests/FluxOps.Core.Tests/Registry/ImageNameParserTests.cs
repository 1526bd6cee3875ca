using FluxOps.Core.Registry;

namespace FluxOps.Core.Tests.Registry;

public sealed class ImageNameParserTests
{
    [Theory]
    [InlineData("nginx", "docker.io", "library/nginx", "latest", null)]
    [InlineData("nginx:1.27", "docker.io", "library/nginx", "1.27", null)]
    [InlineData("docker.io/nginx", "docker.io", "library/nginx", "latest", null)]
    [InlineData("index.docker.io/library/nginx:1", "docker.io", "library/nginx", "1", null)]
    [InlineData("bitnami/redis:7", "docker.io", "bitnami/redis", "7", null)]
    [InlineData("localhost/app", "localhost", "app", "latest", null)]
    [InlineData("localhost:5000/team/app:v1", "localhost:5000", "team/app", "v1", null)]
    [InlineData("127.0.0.1:5000/app:v1", "127.0.0.1:5000", "app", "v1", null)]
    [InlineData("[::1]:5000/app:v1", "[::1]:5000", "app", "v1", null)]
    [InlineData("ghcr.io/acme/tools/migrate:2.0.1", "ghcr.io", "acme/tools/migrate", "2.0.1", null)]
    [InlineData("Registry/app", "Registry", "app", "latest", null)]
    [InlineData("localhost:5000", "docker.io", "library/localhost", "5000", null)]
    public void Normalizes_like_docker_distribution(string text, string registry, string repository, string? tag, string? digest)
    {
        var name = ImageNameParser.Parse(text);

        Assert.Equal(text, name.Original);
        Assert.Equal(registry, name.Registry);
        Assert.Equal(repository, name.Repository);
        Assert.Equal(tag, name.Tag);
        Assert.Equal(digest, name.Digest);
    }

    [Fact]
    public void Keeps_tag_and_digest_together_and_asks_for_the_digest()
    {
        const string digest = "sha256:0b93a71fba1073c89264ec6145f0f849f7c14ac3cdb7131c2e5d813466d03c89";
        var pinned = ImageNameParser.Parse($"quay.io/org/app:v1@{digest}");
        var digestOnly = ImageNameParser.Parse($"quay.io/org/app@{digest}");

        Assert.Equal(("v1", digest, digest), (pinned.Tag, pinned.Digest, pinned.ManifestReference));
        Assert.Null(digestOnly.Tag);
        Assert.Equal(digest, digestOnly.ManifestReference);
    }

    [Fact]
    public void Spellings_of_the_same_image_share_one_canonical_key_and_docker_hub_uses_its_api_host()
    {
        var a = ImageNameParser.Parse("nginx");
        var b = ImageNameParser.Parse("docker.io/library/nginx:latest");
        var c = ImageNameParser.Parse("index.docker.io/nginx");

        Assert.Equal(a.Canonical, b.Canonical);
        Assert.Equal(a.Canonical, c.Canonical);
        Assert.Equal("registry-1.docker.io", a.ApiHost);
        Assert.Equal("ghcr.io", ImageNameParser.Parse("ghcr.io/a/b").ApiHost);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("app:", "tag")]
    [InlineData("app:-bad", "tag")]
    [InlineData("Org/App:v1", "lower case")]
    [InlineData("ghcr.io/acme/App", "lower case")]
    [InlineData("app@sha256:abc", "digest")]
    [InlineData("app@sha256:0b93a71fba1073c89264ec6145f0f849f7c14ac3cdb7131c2e5d813466d03c8", "exactly 64")]
    [InlineData("ghcr.io//app", "repository path")]
    [InlineData("ghcr.io/acme/app--", "repository path")]
    [InlineData("bad_host.io:x/app", "registry host")]
    public void Rejects_invalid_references_with_a_reason(string text, string reason)
    {
        Assert.False(ImageNameParser.TryParse(text, out var name, out var error));
        Assert.Null(name);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<FormatException>(() => ImageNameParser.Parse(text));
    }
}
