namespace FluxOps.Models;

/// <summary>What a registry said about an image. Unknown is never reported as missing.</summary>
public enum ImageCheckStatus
{
    Exists,
    NotFound,
    Unauthorized,
    Unknown,
}
