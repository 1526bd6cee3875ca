using System.Globalization;
using System.Text.Json;
using FluxOps.Models;

namespace FluxOps.Core.Flux;

/// <summary>
/// Parses the body notification-controller posts to generic and generic-hmac providers (pkg apis/event/v1beta1 Event).
/// NC strips the API-group prefix from metadata keys before forwarding, so the webhook sees <c>revision</c> and
/// <c>originRevision</c>; older docs show the prefixed key, which is accepted too. The object's kind, namespace and
/// name must follow Kubernetes' name rules: they end up in revert messages and logs, so nothing else is let through.
/// </summary>
internal static class FluxEventParser
{
    /// <summary>Parses and, when <paramref name="key"/> is given, first verifies the signature over the same bytes.</summary>
    public static FluxEvent Parse(ReadOnlySpan<byte> body, string? signatureHeader, ReadOnlySpan<byte> key, bool verify)
    {
        if (verify)
        {
            FluxSignature.Verify(body, signatureHeader, key);
        }

        var parsed = Parse(body);
        parsed.Verified = verify;
        return parsed;
    }

    public static FluxEvent Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException ex)
        {
            throw new FluxEventException("FluxEventMalformedJson", $"The body is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FluxEventException("FluxEventMalformedJson", "The body is JSON but not an object.");
            }

            if (!root.TryGetProperty("involvedObject", out var involved) || involved.ValueKind != JsonValueKind.Object)
            {
                throw new FluxEventException("FluxEventMissingField", "The body has no 'involvedObject': it is not a Flux event.");
            }

            var metadata = ReadMetadata(root);
            // notification-controller's Event.GetRevision order: the commit, then the origin revision, then the revision.
            var revisionText = FirstOf(metadata, "commit") ?? FirstOf(metadata, "originRevision") ?? FirstOf(metadata, "revision");
            var revision = FluxRevision.Parse(revisionText);
            var kind = KubernetesNames.Kind(RequiredString(involved, "kind", "involvedObject.kind"), "involvedObject.kind");
            return new FluxEvent
            {
                Kind = kind,
                Namespace = KubernetesNames.Namespace(OptionalString(involved, "namespace") ?? string.Empty, "involvedObject.namespace"),
                Name = KubernetesNames.Name(RequiredString(involved, "name", "involvedObject.name"), "involvedObject.name"),
                Uid = OptionalString(involved, "uid"),
                Severity = RequiredString(root, "severity", "severity"),
                Reason = OptionalString(root, "reason") ?? string.Empty,
                Message = OptionalString(root, "message") ?? string.Empty,
                Timestamp = ReadTimestamp(root),
                Controller = OptionalString(root, "reportingController"),
                ReportingInstance = OptionalString(root, "reportingInstance"),
                Metadata = metadata,
                Revision = revisionText,
                RevisionKind = revision.Kind,
                Sha = revision.Sha,
                Branch = revision.Branch,
            };
        }
    }

    /// <summary>
    /// Prefers the bare key (what NC forwards), then any prefixed <c>&lt;group&gt;/key</c> (what older docs show).
    /// </summary>
    private static string? FirstOf(IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (metadata.TryGetValue(key, out var bare) && !string.IsNullOrEmpty(bare))
        {
            return bare;
        }

        return metadata.Where(p => p.Key.EndsWith("/" + key, StringComparison.Ordinal) && !string.IsNullOrEmpty(p.Value))
            .Select(p => p.Value).FirstOrDefault();
    }

    private static Dictionary<string, string> ReadMetadata(JsonElement root)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("metadata", out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                metadata[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString() ?? string.Empty
                    : property.Value.GetRawText();
            }
        }

        return metadata;
    }

    private static DateTimeOffset ReadTimestamp(JsonElement root)
    {
        var text = OptionalString(root, "timestamp");
        if (text is null)
        {
            throw new FluxEventException("FluxEventMissingField", "The event has no 'timestamp'.");
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when)
            ? when
            : throw new FluxEventException("FluxEventMalformedField", $"The event timestamp '{Truncate(text)}' is not RFC 3339.");
    }

    private static string RequiredString(JsonElement element, string property, string path) =>
        OptionalString(element, property) is { Length: > 0 } value
            ? value
            : throw new FluxEventException("FluxEventMissingField", $"The event has no '{path}'.");

    private static string? OptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Truncate(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
