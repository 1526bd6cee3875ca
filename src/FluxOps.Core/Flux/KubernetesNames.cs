using System.Text.RegularExpressions;

namespace FluxOps.Core.Flux;

/// <summary>
/// Kubernetes' rules for the object reference of an event (apimachinery validation): a kind is a CamelCase identifier,
/// a namespace a DNS-1123 label, an object name a DNS-1123 subdomain. Anything else — a newline, a space, a quote —
/// cannot come from a real object and is refused with a message that shows the value escaped.
/// </summary>
internal static partial class KubernetesNames
{
    public static string Kind(string value, string field) =>
        KindPattern().IsMatch(value) ? value : throw Invalid(field, value, "a Kubernetes kind (letters and digits, at most 63)");

    /// <summary>Empty is allowed: cluster-scoped objects have no namespace.</summary>
    public static string Namespace(string value, string field) =>
        value.Length == 0 || (value.Length <= 63 && LabelPattern().IsMatch(value))
            ? value : throw Invalid(field, value, "a Kubernetes namespace (DNS-1123 label: lowercase letters, digits and '-', at most 63)");

    public static string Name(string value, string field) =>
        value.Length <= 253 && SubdomainPattern().IsMatch(value)
            ? value : throw Invalid(field, value, "a Kubernetes object name (DNS-1123 subdomain: lowercase letters, digits, '-' and '.', at most 253)");

    private static FluxEventException Invalid(string field, string value, string expected) =>
        new("FluxEventMalformedField", $"The event's {field} \"{Escape(value)}\" is not {expected}.");

    /// <summary>The value as a log-safe one-liner: control characters escaped, long values cut.</summary>
    private static string Escape(string value)
    {
        var shown = value.Length > 80 ? value[..80] + "…" : value;
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex KindPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SubdomainPattern();
}
