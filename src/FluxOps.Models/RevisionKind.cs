using System.Text.Json.Serialization;

namespace FluxOps.Models;

/// <summary>What a Flux revision string names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RevisionKind>))]
// By name in PowerShell's ConvertTo-Json too (it serializes with Newtonsoft.Json, which reads only its own attribute).
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum RevisionKind
{
    /// <summary>No revision at all (e.g. AccessDenied events carry none).</summary>
    None,

    /// <summary>A git commit: <c>main@sha1:&lt;sha&gt;</c>, <c>sha1:&lt;sha&gt;</c>, legacy <c>main/&lt;sha&gt;</c> or a bare full sha.</summary>
    GitCommit,

    /// <summary>An OCI artifact or bucket checksum (<c>tag@sha256:&lt;digest&gt;</c>): not a git commit.</summary>
    Digest,

    /// <summary>Anything else: a HelmRelease chart version, or a ref or short sha typed by a person.</summary>
    Version,
}
