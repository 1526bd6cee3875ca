using System.Text;
using FluxOps.Core.Manifests;

namespace FluxOps.Core.ChangedImages;

/// <summary>Images that kustomization patches write, as the renderer carries them: identified by file and place in the patch.</summary>
internal static class KustomizePatches
{
    /// <summary>The images a patch source writes (image-policy markers left out: they annotate entries, not objects).</summary>
    public static IEnumerable<RenderedImage> Rendered(string file, IEnumerable<FoundImage> found) =>
        found.Where(f => f.Reference.Source != "ImagePolicyMarker")
            .Select(f => new RenderedImage(f.Reference.Image, f, null, file + "|" + f.Locator));

    /// <summary>
    /// The dotted YAML path of a locator's last part, as the images transformer's passes test it; a JSON6902 path
    /// (<c>patch[/spec/template/spec/containers/0].image</c>) becomes <c>spec.template.spec.containers[0].image</c>.
    /// </summary>
    public static string YamlPath(string locator)
    {
        ArgumentNullException.ThrowIfNull(locator);
        var path = locator[(locator.LastIndexOf('|') + 1)..];
        var close = path.IndexOf(']', StringComparison.Ordinal);
        if (!path.StartsWith("patch[", StringComparison.Ordinal) || close < 0)
        {
            return path;
        }

        var dotted = new StringBuilder();
        foreach (var segment in path[6..close].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "-" || segment.All(char.IsAsciiDigit))
            {
                dotted.Append('[').Append(segment).Append(']');
            }
            else
            {
                dotted.Append(dotted.Length > 0 ? "." : string.Empty).Append(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }
        }

        return dotted.Append(path[(close + 1)..]).ToString();
    }
}
