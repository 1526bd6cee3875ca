using System.Security.Cryptography;
using System.Text;

namespace FluxOps.Core.Tests.Flux;

/// <summary>Bodies built the way notification-controller builds them: Go json.Marshal of the Event struct, one compact line.</summary>
internal static class FluxEventSamples
{
    public const string Sha = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";

    public static string Kustomization(
        string reason = "ReconciliationFailed",
        string severity = "error",
        string revision = "main@sha1:" + Sha,
        string name = "apps",
        string? timestamp = null,
        string message = "Deployment/apps/web dry-run failed (Invalid): Deployment.apps \\\"web\\\" is invalid: spec.template.spec.containers[0].image: Required value \\u003cnil\\u003e") =>
        "{\"involvedObject\":{\"kind\":\"Kustomization\",\"namespace\":\"flux-system\",\"name\":\"" + name + "\",\"uid\":\"7d0cdc51-ddcf-4743-b223-83ca5c699632\"," +
        "\"apiVersion\":\"kustomize.toolkit.fluxcd.io/v1\",\"resourceVersion\":\"123456\"},\"severity\":\"" + severity + "\"," +
        "\"timestamp\":\"" + (timestamp ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)) + "\"," +
        "\"message\":\"" + message + "\",\"reason\":\"" + reason + "\",\"metadata\":{\"revision\":\"" + revision + "\"}," +
        "\"reportingController\":\"kustomize-controller\",\"reportingInstance\":\"kustomize-controller-7c7b47f5f-8bhrp\"}";

    public static string Sign(string body, string key, string algorithm = "sha256")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var mac = algorithm switch
        {
            "sha256" => HMACSHA256.HashData(keyBytes, bytes),
            "sha384" => HMACSHA384.HashData(keyBytes, bytes),
            "sha512" => HMACSHA512.HashData(keyBytes, bytes),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
        return algorithm + "=" + Convert.ToHexString(mac).ToLowerInvariant();
    }
}
