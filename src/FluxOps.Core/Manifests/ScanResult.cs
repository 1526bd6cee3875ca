using FluxOps.Models;

namespace FluxOps.Core.Manifests;

internal enum ScanNoticeLevel
{
    /// <summary>Deliberately not read or not reported (shown with -Verbose).</summary>
    Skip,

    /// <summary>Not read for a reason the user should see (e.g. size cap).</summary>
    Warning,

    /// <summary>The file is broken or hostile; it yields nothing, other files still do.</summary>
    Error,

    /// <summary>What the command is doing (which revisions it compares), shown with -Verbose.</summary>
    Info,
}

/// <summary>Why something was skipped or could not be read, with where.</summary>
internal sealed record ScanNotice(ScanNoticeLevel Level, string File, int Line, string Reason)
{
    public override string ToString() => File.Length == 0 ? Reason : Line > 0 ? $"{File}:{Line}: {Reason}" : $"{File}: {Reason}";
}

/// <summary>
/// An image found in one file, with a locator (object identity + YAML path) that stays stable when
/// unrelated lines move, so base and head versions of a file can be compared reference by reference.
/// </summary>
internal sealed record FoundImage(ImageReference Reference, string Locator);

internal sealed class ManifestScanResult
{
    public List<FoundImage> Images { get; } = [];

    public List<ScanNotice> Notices { get; } = [];

    /// <summary>Number of YAML documents read (for throughput figures).</summary>
    public int Documents { get; set; }
}

/// <summary>Collects images and notices for one file while the extractors walk it.</summary>
internal sealed class ImageSink(string file, ManifestScanResult result, string text)
{
    private string[]? _lines;

    public string File { get; } = file;

    /// <summary>Added to lines and columns of images found inside an embedded YAML string (inline patches).</summary>
    public int LineOffset { get; set; }

    public int ColumnOffset { get; set; }

    /// <summary>The file's text line (1-based), for mapping embedded block scalars back onto the file.</summary>
    public string SourceLine(int line)
    {
        _lines ??= text.Split('\n');
        return line >= 1 && line <= _lines.Length ? _lines[line - 1] : string.Empty;
    }

    public string? Kind { get; set; }

    public string? Name { get; set; }

    /// <summary>Prefix for locators: the object (Kind/Name, or the document index when unnamed).</summary>
    public string Scope { get; set; } = string.Empty;

    public void Skip(int line, string reason) => result.Notices.Add(new ScanNotice(ScanNoticeLevel.Skip, File, line + LineOffset, reason));

    /// <summary>Parses and records an image written as one string; templates become a skip notice, invalid references a warning.</summary>
    public void AddString(YamlScalarNode node, string source, string locator) =>
        AddString(node.Value, node.Line, node.Column, source, locator);

    public void AddString(string text, int line, int column, string source, string locator)
    {
        if (ImageString.TryParse(text, out var parts, out var whyNot))
        {
            Add(parts!, line, column, source, locator);
        }
        else if (ImageString.IsInvalidReference(text))
        {
            // Not a template and not a valid reference: Kubernetes could never pull it, so the user sees it (a warning),
            // rather than only under -Verbose.
            result.Notices.Add(new ScanNotice(ScanNoticeLevel.Warning, File, line + LineOffset, $"{source}: {whyNot}"));
        }
        else
        {
            Skip(line, $"{source}: {whyNot}");
        }
    }

    public void Add(ImageParts parts, int line, int column, string source, string locator)
    {
        result.Images.Add(new FoundImage(
            new ImageReference
            {
                Image = parts.Image,
                Registry = parts.Registry,
                Repository = parts.Repository,
                Tag = parts.Tag,
                Digest = parts.Digest,
                ImpliesLatest = parts.ImpliesLatest,
                File = File,
                Line = line + LineOffset,
                Column = column + ColumnOffset,
                Source = source,
                Kind = Kind,
                Name = Name,
            },
            Scope + "|" + locator));
    }
}
