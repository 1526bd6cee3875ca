namespace FluxOps.Models;

/// <summary>What a registry said about an image. Unknown is never reported as missing.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ImageCheckStatus>))]
// By name in PowerShell's ConvertTo-Json too (it serializes with Newtonsoft.Json, which reads only its own attribute).
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum ImageCheckStatus
{
    Exists,
    NotFound,
    Unauthorized,
    Unknown,
}
