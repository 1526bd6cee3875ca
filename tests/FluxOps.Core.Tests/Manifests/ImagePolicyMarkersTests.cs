using FluxOps.Core.Manifests;

namespace FluxOps.Core.Tests.Manifests;

public sealed class ImagePolicyMarkersTests
{
    private const string Good = """
        spec:
          containers:
            - name: web
              image: ghcr.io/acme/web:1.3.0 # {"$imagepolicy": "flux-system:web"}
            - name: api
              image: ghcr.io/acme/api:2.0.0 # {"$imagepolicy": "flux-system:api"}
        """;

    private const string Bad = """
        spec:
          containers:
            - name: web
              image: ghcr.io/acme/web:1.4.0 # {"$imagepolicy": "flux-system:web"}
            - name: api
              image: ghcr.io/acme/api:2.0.0 # {"$imagepolicy": "flux-system:api"}
        """;

    [Fact]
    public void Only_the_changed_marker_is_reported_with_its_bad_image()
    {
        var changed = ImagePolicyMarkers.ChangedMarkers("apps/web.yaml", Good, Bad);

        var marker = Assert.Single(changed);
        Assert.Equal("flux-system:web", marker.Policy);
        Assert.Equal("ghcr.io/acme/web:1.4.0", marker.BadValue);
    }

    [Fact]
    public void Pausing_renames_only_the_reverted_field_and_says_how_to_resume()
    {
        var (text, paused) = ImagePolicyMarkers.Pause(Good, Bad, ["flux-system:web"], "abc1234");

        Assert.Equal(1, paused);
        Assert.Contains("ghcr.io/acme/web:1.3.0 # {\"$imagepolicy-paused-by-fluxops\": \"flux-system:web\"}", text, StringComparison.Ordinal);
        Assert.Contains("rename the key back to $imagepolicy", text, StringComparison.Ordinal);
        Assert.Contains("ghcr.io/acme/api:2.0.0 # {\"$imagepolicy\": \"flux-system:api\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_fields_are_named_from_their_sibling_name_field()
    {
        const string good = "images:\n  - name: ghcr.io/acme/web # {\"$imagepolicy\": \"apps:web:name\"}\n    newTag: 1.3.0 # {\"$imagepolicy\": \"apps:web:tag\"}\n";
        var bad = good.Replace("1.3.0", "1.4.0", StringComparison.Ordinal);

        var marker = Assert.Single(ImagePolicyMarkers.ChangedMarkers("kustomization.yaml", good, bad));

        Assert.Equal("apps:web:tag", marker.Policy);
        Assert.Equal("ghcr.io/acme/web:1.4.0", marker.BadValue);
    }
}
