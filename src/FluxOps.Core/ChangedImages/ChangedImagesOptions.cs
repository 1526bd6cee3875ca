using FluxOps.Core.Manifests;

namespace FluxOps.Core.ChangedImages;

/// <summary>What <see cref="ChangedImageFinder"/> compares and which files it reads.</summary>
internal sealed class ChangedImagesOptions
{
    /// <summary>Any folder inside the repository.</summary>
    public string Path { get; set; } = ".";

    /// <summary>Base revision; null = merge-base of HEAD with its upstream (or origin/HEAD).</summary>
    public string? Base { get; set; }

    /// <summary>Head revision; null = HEAD.</summary>
    public string? Head { get; set; }

    /// <summary>Compare against the working tree (staged and unstaged changes) instead of the Head commit.</summary>
    public bool IncludeWorkingTree { get; set; }

    /// <summary>Every image in the tree at Head, not only changes.</summary>
    public bool All { get; set; }

    public IReadOnlyList<string> Include { get; set; } = [];

    public IReadOnlyList<string> Exclude { get; set; } = [];

    public int MaxFileBytes { get; set; } = ManifestScanner.DefaultMaxFileBytes;
}

/// <summary>A problem that stops the whole command (not a repository, unknown revision, shallow clone).</summary>
internal sealed class ChangedImagesException(string errorId, string message, bool invalidArgument = false, Exception? inner = null)
    : FluxOpsException(errorId, invalidArgument ? FailureKind.InvalidArgument : FailureKind.InvalidOperation, message, null, inner);

/// <summary>One item of the finder's stream: an image or a notice (skip reason, warning, per-file error).</summary>
internal sealed record ChangedImagesItem(Models.ImageReference? Image, ScanNotice? Notice);
