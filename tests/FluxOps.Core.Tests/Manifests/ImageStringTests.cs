using FluxOps.Core.Manifests;

namespace FluxOps.Core.Tests.Manifests;

public sealed class ImageStringTests
{
    [Theory]
    [InlineData("nginx", "docker.io", "library/nginx", null, null)]
    [InlineData("nginx:1.27", "docker.io", "library/nginx", "1.27", null)]
    [InlineData("bitnami/redis:7.2", "docker.io", "bitnami/redis", "7.2", null)]
    [InlineData("localhost:5000/app:1", "localhost:5000", "app", "1", null)]
    [InlineData("127.0.0.1:5000/team/app:v1", "127.0.0.1:5000", "team/app", "v1", null)]
    [InlineData("ghcr.io/a/b@sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", "ghcr.io", "a/b", null, "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc")]
    public void Splits_references(string text, string registry, string repository, string? tag, string? digest)
    {
        Assert.True(ImageString.TryParse(text, out var parts, out _));
        Assert.Equal((registry, repository, tag, digest), (parts!.Registry, parts.Repository, parts.Tag, parts.Digest));
    }

    [Theory]
    [InlineData("${IMAGE}")]
    [InlineData("ghcr.io/org/*")]
    [InlineData("<image>")]
    [InlineData("acme/app:IMAGE_TAG")]
    [InlineData("Acme/App:1")]
    [InlineData("acme/app@sha256:short")]
    public void Rejects_placeholders_globs_and_invalid_names(string text) =>
        Assert.False(ImageString.TryParse(text, out _, out _));
}
