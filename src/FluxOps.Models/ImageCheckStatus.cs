namespace FluxOps.Models;

/// <summary>What a registry said about an image. Unknown is never reported as missing.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ImageCheckStatus>))]
public enum ImageCheckStatus
{
    Exists,
    NotFound,
    Unauthorized,
    Unknown,
}
