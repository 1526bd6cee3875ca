using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FluxOps.PowerShell.Tests.Receiver;

/// <summary>Builds bodies exactly like notification-controller (compact Go json.Marshal field order) and signs them with HMAC-SHA256.</summary>
internal static class FluxEventFactory
{
    public static string Kustomization(string sha, string name = "apps", string reason = "HealthCheckFailed", string severity = "error", DateTimeOffset? timestamp = null, string kind = "Kustomization") =>
        "{\"involvedObject\":{\"kind\":\"" + kind + "\",\"namespace\":\"flux-system\",\"name\":\"" + name + "\",\"uid\":\"uid-" + name + "\"," +
        "\"apiVersion\":\"kustomize.toolkit.fluxcd.io/v1\",\"resourceVersion\":\"4242\"},\"severity\":\"" + severity + "\"," +
        "\"timestamp\":\"" + (timestamp ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) + "\"," +
        "\"message\":\"health check failed after 5m0.02s: timeout waiting for: [Deployment/apps/web status: 'InProgress']\",\"reason\":\"" + reason + "\"," +
        "\"metadata\":{\"revision\":\"main@sha1:" + sha + "\"},\"reportingController\":\"kustomize-controller\",\"reportingInstance\":\"kustomize-controller-7c7b47f5f-8bhrp\"}";

    public static string Sign(string body, string key) =>
        "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
}
