using FluxOps.Core.Manifests;

namespace FluxOps.Core.Tests.Manifests;

/// <summary>Resuming is the exact inverse of pausing: the same line grammar, every byte of the file restored.</summary>
public sealed class PausedMarkerTests
{
    private const string Good = "spec:\n  containers:\n    - name: web\n      image: ghcr.io/acme/web:1.3.0 # {\"$imagepolicy\": \"flux-system:web\"}\n" +
        "    - name: api\n      image: ghcr.io/acme/api:2.0.0 # {\"$imagepolicy\": \"flux-system:api\"}\n" +
        "  tag: \"1.3.0\" # {\"$imagepolicy\": \"flux-system:chart:tag\"}\n";

    private static string Bad => Good.Replace("web:1.3.0", "web:1.4.0", StringComparison.Ordinal)
        .Replace("api:2.0.0", "api:2.1.0", StringComparison.Ordinal).Replace("\"1.3.0\"", "\"1.4.0\"", StringComparison.Ordinal);

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Pause_then_resume_gives_back_the_file_byte_for_byte(string newline)
    {
        var good = Good.Replace("\n", newline, StringComparison.Ordinal);
        var bad = Bad.Replace("\n", newline, StringComparison.Ordinal);
        var (paused, count) = ImagePolicyMarkers.Pause(good, bad, ["flux-system:web", "flux-system:api", "flux-system:chart:tag"], "abc1234");
        Assert.Equal(3, count);

        var (resumed, found, restored) = ImagePolicyMarkers.Resume(paused, _ => true);

        Assert.Equal(good, resumed);
        Assert.Equal(3, found.Count);
        Assert.Equal(found, restored);
        Assert.Equal(["ghcr.io/acme/web:1.3.0", "ghcr.io/acme/api:2.0.0", "1.3.0"], found.Select(m => m.Value));
        Assert.All(found, m => Assert.Equal("abc1234", m.PausedAfter));
        Assert.Equal([4, 6, 7], found.Select(m => m.Line));
    }

    [Fact]
    public void Only_the_selected_markers_are_restored()
    {
        var (paused, _) = ImagePolicyMarkers.Pause(Good, Bad, ["flux-system:web", "flux-system:api"], "abc1234");

        var (text, found, restored) = ImagePolicyMarkers.Resume(paused, m => m.Policy == "flux-system:api");

        Assert.Equal("flux-system:api", Assert.Single(restored).Policy);
        Assert.Equal(2, found.Count);
        Assert.Contains("api:2.0.0 # {\"$imagepolicy\": \"flux-system:api\"}\n", text, StringComparison.Ordinal);
        Assert.Contains("web:1.3.0 # {\"$imagepolicy-paused-by-fluxops\": \"flux-system:web\"} # paused after reverting abc1234", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_marker_whose_note_was_removed_by_hand_is_still_found_and_restored()
    {
        const string text = "image: ghcr.io/acme/web:1.3.0 # {\"$imagepolicy-paused-by-fluxops\": \"flux-system:web\"}\n";

        var marker = Assert.Single(ImagePolicyMarkers.FindPaused(text));
        var (resumed, _, _) = ImagePolicyMarkers.Resume(text, _ => true);

        Assert.Null(marker.PausedAfter);
        Assert.Equal("ghcr.io/acme/web:1.3.0", marker.Value);
        Assert.Equal("image: ghcr.io/acme/web:1.3.0 # {\"$imagepolicy\": \"flux-system:web\"}\n", resumed);
    }

    [Fact]
    public void Text_that_only_mentions_the_key_is_left_alone()
    {
        const string text = "# see $imagepolicy-paused-by-fluxops in the docs\nimage: nginx:1.25\n";

        Assert.Empty(ImagePolicyMarkers.FindPaused(text));
        Assert.Same(text, ImagePolicyMarkers.Resume(text, _ => true).Text);
    }
}
