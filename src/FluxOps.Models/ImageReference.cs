namespace FluxOps.Models;

/// <summary>An image reference found in a GitOps repository, with where it was written.</summary>
public sealed class ImageReference
{
    /// <summary>The effective reference, e.g. <c>registry/repository:tag@digest</c>.</summary>
    public string Image { get; set; } = string.Empty;
    public string? Registry { get; set; }
    public string? Repository { get; set; }
    public string? Tag { get; set; }
    public string? Digest { get; set; }
    /// <summary>True when neither tag nor digest is written, so <c>latest</c> is implied.</summary>
    public bool ImpliesLatest { get; set; }
    /// <summary>Repository-relative path, forward slashes.</summary>
    public string? File { get; set; }
    public int Line { get; set; }
    public int Column { get; set; }
    public string Source { get; set; } = string.Empty;
    /// <summary>Kind of the Kubernetes object the reference lives in, when there is one.</summary>
    public string? Kind { get; set; }
    /// <summary>metadata.name of the object the reference lives in, when there is one.</summary>
    public string? Name { get; set; }
    public string Change { get; set; } = "Added";
    /// <summary>The reference at the base revision when <see cref="Change"/> is Modified.</summary>
    public string? Previous { get; set; }

    public override string ToString() => Image;
}
