using System.Text.Json.Serialization;

namespace FluxOps.Models;

/// <summary>What a rollback decision did. Serialized by name, so logs and reports stay readable and stable.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RollbackOutcome>))]
// By name in PowerShell's ConvertTo-Json too (it serializes with Newtonsoft.Json, which reads only its own attribute).
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum RollbackOutcome
{
    /// <summary>A revert was committed and pushed (or proposed as a pull request).</summary>
    Reverted,

    /// <summary>-WhatIf (or a declined confirmation): the revert that would have been made.</summary>
    WouldRevert,

    /// <summary>Nothing to do; <see cref="RollbackDecision.Reason"/> says why.</summary>
    Skipped,

    /// <summary>The decision could not be made or carried out (remote down, conflict); Flux's next re-send retries.</summary>
    Failed,
}
