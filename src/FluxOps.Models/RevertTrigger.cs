using System.Text.Json.Serialization;

namespace FluxOps.Models;

/// <summary>Who set a FluxOps revert off, as its <c>Fluxops-Trigger</c> trailer records it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RevertTrigger>))]
public enum RevertTrigger
{
    /// <summary>A revert written before FluxOps recorded its trigger: counted as automation, to be safe.</summary>
    Unknown,

    /// <summary>The rollback policy decided (Invoke-FluxRollback, Start-FluxRollbackReceiver).</summary>
    Automation,

    /// <summary>A person asked for it (Invoke-FluxRevert).</summary>
    Manual,
}
