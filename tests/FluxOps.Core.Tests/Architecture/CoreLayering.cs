namespace FluxOps.Core.Tests.Architecture;

/// <summary>
/// The intended direction between FluxOps.Core's folders (one folder = one namespace = one concern; sub-namespaces
/// such as Hosting.GitHub belong to their folder). Read it as "a folder may use the folders in its row" — anything
/// else is a build break in <see cref="ArchitectureTests"/>. Derived from design.md's rules (Git/ knows nothing of
/// Flux or rollback; no folder cycles; Reporting and the root exception vocabulary at the bottom; Receiver at the top)
/// and from what today's code needs.
/// </summary>
internal static class CoreLayering
{
    /// <summary>FluxOps.Core itself: FluxOpsException and FailureKind, usable everywhere.</summary>
    public const string Root = "(root)";

    private static readonly string[] Bottom = [Root, "Processes", "Http", "Reporting"];

    /// <summary>Bottom to top. Every row may also use itself.</summary>
    public static IReadOnlyDictionary<string, string[]> MayUse { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // The bottom: the exception root and the three gateways/vocabularies that know no FluxOps concept.
        [Root] = [],
        ["Processes"] = [Root],
        ["Http"] = [Root],
        ["Reporting"] = [Root],

        // Registries (reference grammar, auth, checks) over HTTP and credential helpers.
        ["Registry"] = [.. Bottom],
        // The YAML gateway and image sources; image strings are parsed with the registry's reference grammar.
        ["Manifests"] = [.. Bottom, "Registry"],
        // Plumbing only: knows nothing of manifests, Flux, reverts or rollback.
        ["Git"] = [.. Bottom],

        // Flux knowledge (events, HMAC, revisions, image automation, manifest index) over plumbing and YAML.
        ["Flux"] = [.. Bottom, "Git", "Manifests"],
        ["ChangedImages"] = [.. Bottom, "Git", "Manifests", "Registry", "Flux"],
        // Hosted git APIs (REST mode and pull requests) speak the git failure vocabulary.
        ["Hosting"] = [.. Bottom, "Git"],

        // Building and pushing reverts (trailer grammar, RevertGuard, inverse commits, REST reverter).
        ["Revert"] = [.. Bottom, "Git", "Manifests", "Flux", "Hosting"],
        // Commit queries behind Get-FluxBadCommit: read trailers to tell reverts from the rest.
        ["History"] = [.. Bottom, "Git", "Manifests", "Flux", "Revert"],
        // Policy, engine, dedupe and both repository adapters.
        ["Rollback"] = [.. Bottom, "Git", "Manifests", "Flux", "Hosting", "Revert", "History"],

        // The top: support facts, and the receiver that drives everything.
        ["Diagnostics"] = [.. Bottom, "Registry", "Manifests", "Git", "Flux"],
        ["Receiver"] = [.. Bottom, "Registry", "Manifests", "Git", "Flux", "ChangedImages", "Hosting", "Revert", "History", "Rollback"],
    };
}
