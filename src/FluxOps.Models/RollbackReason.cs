using System.Text.Json.Serialization;

namespace FluxOps.Models;

/// <summary>Why a rollback decision came out as it did: the stable vocabulary runbook logs and metrics use.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RollbackReason>))]
public enum RollbackReason
{
    /// <summary>The event's commit (or the newest commit changing the object's path) broke it: revert.</summary>
    BadCommit,

    /// <summary>The commit re-introduces an image an earlier FluxOps revert recorded as bad: revert again.</summary>
    KnownBadImageReintroduced,

    NotAnError,
    UnsupportedKind,
    ReasonNotAllowed,
    NotOurKustomization,
    Duplicate,
    NotAGitRevision,
    OtherBranch,
    UnknownRevision,
    NotAncestor,
    NoChangeInPath,
    HelmReleaseNotFound,
    IsFluxOpsRevert,
    AlreadyReverted,
    Superseded,
    Cooldown,
    CircuitOpen,
    RevertFailed,
    RevertSkipped,

    /// <summary>The revert is already proposed as an open (or closed) pull request; the decision names it.</summary>
    AlreadyProposed,
}
