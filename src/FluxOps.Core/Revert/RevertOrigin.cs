using FluxOps.Models;

namespace FluxOps.Core.Revert;

/// <summary>
/// Who decided a revert, written as the Fluxops-Trigger and Fluxops-Decided-By trailers: the rollback policy (its host
/// and process, so Get-FluxRevertHistory can say which receiver acted) or a person (their git identity). The circuit
/// breaker counts only the automation's own reverts unless told to count manual ones too.
/// </summary>
internal sealed record RevertOrigin(RevertTrigger Trigger, string DecidedBy)
{
    /// <summary>The rollback policy, running in this process.</summary>
    public static RevertOrigin Automation() =>
        new(RevertTrigger.Automation, $"rollback policy on {System.Environment.MachineName}/{System.Environment.ProcessId}");

    /// <summary>A person, named by the identity the revert commit is authored with.</summary>
    public static RevertOrigin Person(string name, string email) => new(RevertTrigger.Manual, $"{name} <{email}>");
}
