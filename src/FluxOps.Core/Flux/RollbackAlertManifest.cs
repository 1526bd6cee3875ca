using System.Security.Cryptography;
using YamlDotNet.Serialization;

namespace FluxOps.Core.Flux;

/// <summary>Inputs for the Secret + Provider + Alert that wire Flux to a FluxOps receiver.</summary>
internal sealed class RollbackAlertOptions
{
    public string Name { get; set; } = "fluxops-rollback";
    public string Namespace { get; set; } = "flux-system";
    /// <summary>The receiver URL (or Azure webhook URL); stored in the Secret's <c>address</c> key because it may carry a token.</summary>
    public string Address { get; set; } = string.Empty;
    /// <summary>The HMAC key; when null a random one is generated.</summary>
    public string? Token { get; set; }
    public IReadOnlyList<string> Kustomizations { get; set; } = ["*"];
    public IReadOnlyList<string> HelmReleases { get; set; } = ["*"];
    public IReadOnlyList<string>? InclusionList { get; set; }
    public IReadOnlyList<string> ExclusionList { get; set; } = [];
    public string Timeout { get; set; } = "30s";
    public IReadOnlyDictionary<string, string> EventMetadata { get; set; } = new Dictionary<string, string>();
}

/// <summary>
/// Writes the notification-controller manifests (v1beta3, field names checked against NC's api/v1beta3 types). There is no
/// <c>inclusionRules</c> field in any Alert version; filtering is <c>inclusionList</c>/<c>exclusionList</c>, Go regexps
/// tested against <c>.message</c>.
/// </summary>
internal static class RollbackAlertManifest
{
    /// <summary>
    /// Regexps matching the failure messages the controllers emit, so only failures reach the receiver:
    /// kustomize-controller health checks (<c>health check failed after …</c>, <c>failed early due to stalled resources</c>),
    /// server-side apply (<c>… dry-run failed (…)</c>, <c>… apply failed</c>), kustomize build errors, and helm-controller
    /// (<c>Helm install failed for release …</c>, upgrade/test failures, <c>… retries exhausted</c>).
    /// Written in the RE2 subset that .NET also accepts.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultInclusionList =
    [
        "^health check failed",
        "failed early due to stalled resources",
        "dry-run failed",
        "apply failed",
        "^kustomize build failed",
        "^Helm (install|upgrade|test) failed",
        "(install|upgrade) retries exhausted",
    ];

    public static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();

    /// <summary>Returns the three YAML documents; <paramref name="token"/> is the key that was written (generated or given).</summary>
    public static string Render(RollbackAlertOptions options, out string token)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Address))
        {
            throw new ArgumentException("The receiver address is required.", nameof(options));
        }

        if (options.Address.Length > 2048)
        {
            throw new ArgumentException("notification-controller rejects an address longer than 2048 bytes.", nameof(options));
        }

        // "fluxops-receiver:8080/hooks/flux" parses as a URI with the scheme "fluxops-receiver": ask for http(s) explicitly.
        if (!Uri.TryCreate(options.Address, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(address.Host))
        {
            throw new FluxOpsException("AlertAddressInvalid", FailureKind.InvalidArgument,
                $"'{options.Address}' is not an http:// or https:// URL; notification-controller posts only to those. Write the scheme, e.g. http://{options.Address.Split("://")[^1]}.",
                options.Address);
        }

        AlertRegex.EnsureValid("-InclusionList", options.InclusionList ?? DefaultInclusionList);
        AlertRegex.EnsureValid("-ExclusionList", options.ExclusionList);

        token = options.Token ?? NewToken();
        if (token.Length == 0 || token.EndsWith('\n') || token.EndsWith('\r'))
        {
            throw new ArgumentException("The HMAC token must be non-empty and must not end in a newline (NC ≥ 1.7 signs with it byte-exact).", nameof(options));
        }

        var metadata = new Dictionary<string, object> { ["name"] = options.Name, ["namespace"] = options.Namespace };
        var secret = new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = metadata,
            ["type"] = "Opaque",
            ["stringData"] = new Dictionary<string, object> { ["address"] = options.Address, ["token"] = token },
        };
        var provider = new Dictionary<string, object>
        {
            ["apiVersion"] = "notification.toolkit.fluxcd.io/v1beta3",
            ["kind"] = "Provider",
            ["metadata"] = metadata,
            ["spec"] = new Dictionary<string, object>
            {
                ["type"] = "generic-hmac",
                ["secretRef"] = new Dictionary<string, object> { ["name"] = options.Name },
                ["timeout"] = options.Timeout,
            },
        };

        var sources = options.Kustomizations.Select(n => Source("Kustomization", n))
            .Concat(options.HelmReleases.Select(n => Source("HelmRelease", n))).ToList();
        if (sources.Count == 0)
        {
            throw new ArgumentException("At least one Kustomization or HelmRelease (or '*') is required.", nameof(options));
        }

        var alertSpec = new Dictionary<string, object>
        {
            ["providerRef"] = new Dictionary<string, object> { ["name"] = options.Name },
            ["eventSeverity"] = "error",
            ["eventSources"] = sources,
            ["inclusionList"] = (options.InclusionList ?? DefaultInclusionList).ToList(),
        };
        if (options.ExclusionList.Count > 0)
        {
            alertSpec["exclusionList"] = options.ExclusionList.ToList();
        }

        if (options.EventMetadata.Count > 0)
        {
            alertSpec["eventMetadata"] = options.EventMetadata.ToDictionary(p => p.Key, p => (object)p.Value);
        }

        var alert = new Dictionary<string, object>
        {
            ["apiVersion"] = "notification.toolkit.fluxcd.io/v1beta3",
            ["kind"] = "Alert",
            ["metadata"] = metadata,
            ["spec"] = alertSpec,
        };

        var serializer = new SerializerBuilder().DisableAliases().Build();
        return string.Join("---\n", new[] { secret, provider, alert }.Select(serializer.Serialize));
    }

    /// <summary>"name" or "namespace/name"; the namespace defaults to the Alert's, as in NC.</summary>
    private static Dictionary<string, object> Source(string kind, string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var source = new Dictionary<string, object> { ["kind"] = kind, ["name"] = slash < 0 ? reference : reference[(slash + 1)..] };
        if (slash > 0)
        {
            source["namespace"] = reference[..slash];
        }

        return source;
    }
}
