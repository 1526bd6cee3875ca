using FluxOps.Core.Manifests;

namespace FluxOps.Core.Tests.Manifests;

/// <summary>
/// Kustomize's own tables for its images transformer, re-created: api/internal/image/image_test.go (IsImageMatched,
/// Split) and api/filters/imagetag/imagetag_test.go (one pass of the filter over one value). The whole-build tests of
/// api/krusty/transformersimage_test.go run through the renderer in ChangedImages/KustomizeBuildImagesTests.
/// </summary>
public sealed class KustomizeImagesTableTests
{
    private const string Sha = "sha256:46d5b90a7f4e9996351ad893a26bcbd27216676ad4d5316088ce351fb2c2c3dd";

    [Theory]
    [InlineData("identical", "nginx", "nginx", true)]
    [InlineData("name is match with tag", "nginx:12345", "nginx", true)]
    [InlineData("name is match with digest", "nginx@sha256:xyz", "nginx", true)]
    [InlineData("name is match with tag and digest", "nginx:12345@sha256:xyz", "nginx", true)]
    [InlineData("name is match with non-sha256 digest", "nginx@sha512:xyz", "nginx", true)]
    [InlineData("name is match with tag and non-sha256 digest", "nginx:12345@sha512:xyz", "nginx", true)]
    [InlineData("name is match with multihash+base58 digest", "nginx@multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8", "nginx", true)]
    [InlineData("name is not a match", "apache:12345", "nginx", false)]
    [InlineData("name is an invalid regexp", "nginx", "[", false)]
    [InlineData("tag with braces (Bazel rules_k8s)", "some.registry.io/my-image:{GENERATED_TAG}", "some.registry.io/my-image", true)]
    [InlineData("a longer name is not a match", "nginx-extra:1", "nginx", false)]
    public void IsImageMatched_table(string testName, string value, string name, bool matched) =>
        Assert.True(matched == KustomizeImages.IsImageMatched(value, name), testName);

    [Theory]
    [InlineData("nginx", "nginx", "", "")]
    [InlineData("nginx:1.2.3", "nginx", "1.2.3", "")]
    [InlineData("nginx@sha256:12345", "nginx", "", "sha256:12345")]
    [InlineData("nginx:1.2.3@sha256:12345", "nginx", "1.2.3", "sha256:12345")]
    [InlineData("test.com:8080/nginx:1.2.3", "test.com:8080/nginx", "1.2.3", "")]
    [InlineData("test.com:8080/nginx@sha256:12345", "test.com:8080/nginx", "", "sha256:12345")]
    [InlineData("test.com:8080/nginx:1.2.3@sha256:12345", "test.com:8080/nginx", "1.2.3", "sha256:12345")]
    public void Split_table(string value, string name, string tag, string digest) =>
        Assert.Equal((name, tag, digest), KustomizeImages.Split(value));

    [Theory]
    [InlineData("legacy multiple images in containers", "nginx:1.2.1", "nginx", "apache", null, "12345", null, "apache@12345")]
    [InlineData("legacy multiple images, untouched neighbour", "tomcat:1.2.3", "nginx", "apache", "3.2.1", null, null, null)]
    [InlineData("update with digest", "nginx:1.2.1", "nginx", "apache", null, "12345", null, "apache@12345")]
    [InlineData("multiple matches in sequence", "not_nginx@54321", "nginx", "apache", "3.2.1", null, null, null)]
    [InlineData("new Tag: tagged", "nginx:1.7.9", "nginx", null, "v2", null, null, "nginx:v2")]
    [InlineData("new Tag: no tag", "nginx", "nginx", null, "v2", null, null, "nginx:v2")]
    [InlineData("new Tag: digest is dropped", "nginx@sha256:111111111111111111", "nginx", null, "v2", null, null, "nginx:v2")]
    [InlineData("newImage keeps the tag", "nginx:1.7.9", "nginx", "busybox", null, null, null, "busybox:1.7.9")]
    [InlineData("newImage keeps no tag", "nginx", "nginx", "busybox", null, null, null, "busybox")]
    [InlineData("newImage keeps the digest", "nginx@sha256:111111111111111111", "nginx", "busybox", null, null, null, "busybox@sha256:111111111111111111")]
    [InlineData("newImageAndTag", "nginx:latest", "nginx", "busybox", "v3", null, null, "busybox:v3")]
    [InlineData("newDigest drops the tag", "nginx:1.7.9", "nginx", null, null, "sha256:222222222222222222", null, "nginx@sha256:222222222222222222")]
    [InlineData("newImageAndDigest", "nginx@sha256:111111111111111111", "nginx", "busybox", null, "sha256:222222222222222222", null, "busybox@sha256:222222222222222222")]
    [InlineData("newImage leaves other names alone", "postgres:1.8.0", "nginx", "busybox", null, null, null, null)]
    [InlineData("tagWithBraces", "some.registry.io/my-image:{GENERATED_TAG}", "some.registry.io/my-image", null, "my-fixed-tag", null, null, "some.registry.io/my-image:my-fixed-tag")]
    [InlineData("image with tag and digest new name", "nginx:1.2.1@" + Sha, "nginx", "apache", null, null, null, "apache:1.2.1@" + Sha)]
    [InlineData("image with tag and digest new name new tag", "nginx:1.2.1@" + Sha, "nginx", "apache", "1.3.0", null, null, "apache:1.3.0")]
    [InlineData("image with tag and digest new name new tag and digest", "nginx:1.2.1@" + Sha, "nginx", "apache", "1.3.0", "sha256:xyz", null, "apache:1.3.0@sha256:xyz")]
    [InlineData("updateimagesuffix", "redis:6.2.6", "redis", null, null, null, "-alpine", "redis:6.2.6-alpine")]
    [InlineData("update image volume in pod template", "nginx", "nginx", "apache", null, "12345", null, "apache@12345")]
    public void Imagetag_filter_table_one_pass(string testName, string value, string name, string? newName, string? newTag, string? digest, string? tagSuffix, string? expected)
    {
        var entry = new KustomizeImageEntry(name, newName, newTag, digest, tagSuffix, "kustomization.yaml", 1, 1, "KustomizeImages");
        Assert.True(expected == entry.Apply(value), $"{testName}: expected {expected ?? "(no match)"}, got {entry.Apply(value) ?? "(no match)"}");
    }

    [Theory]
    [InlineData("CustomResourceDefinition", "spec.containers[0].image", 0)]
    [InlineData("Deployment", "spec.template.spec.containers[app].image", 2)]
    [InlineData("Pod", "spec.initContainers[init].image", 2)]
    [InlineData("CronJob", "spec.jobTemplate.spec.template.spec.containers[job].image", 1)]
    [InlineData("Foo", "spec.containers[0].image", 2)]
    [InlineData("Foo", "spec.deep.containers[0].image", 1)]
    [InlineData("Pod", "spec.volumes[data].image.reference", 1)]
    [InlineData("Pod", "spec.ephemeralContainers[debug].image", 0)]
    [InlineData("Task", "spec.steps[build].image", 0)]
    public void Passes_follow_the_legacy_and_field_spec_filters_of_ImageTagTransformer(string kind, string path, int passes) =>
        Assert.Equal(passes, KustomizeImages.Passes(kind, path));
}
