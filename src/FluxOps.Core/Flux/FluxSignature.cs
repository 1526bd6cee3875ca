using System.Security.Cryptography;

namespace FluxOps.Core.Flux;

/// <summary>
/// Verifies notification-controller's generic-hmac <c>X-Signature: &lt;algo&gt;=&lt;hex&gt;</c> over the exact raw body
/// bytes. NC hard-wires sha256 today; its docs' verifier accepts sha224/256/384/512, so do we. The key is used byte-exact
/// (NC ≥ 1.7 no longer trims the Secret's token), and the comparison is constant-time.
/// </summary>
internal static class FluxSignature
{
    public const string HeaderName = "X-Signature";

    public static void Verify(ReadOnlySpan<byte> body, string? header, ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
        {
            throw new FluxEventException("HmacKeyEmpty", "The HMAC key is empty; notification-controller refuses an empty token too.");
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            throw new FluxEventException("SignatureMissing", $"The request has no {HeaderName} header; a generic-hmac Provider always sends one.");
        }

        var separator = header.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new FluxEventException("SignatureMalformed", $"The {HeaderName} header is not of the form '<algorithm>=<hex>'.");
        }

        var algorithm = header[..separator].Trim().ToLowerInvariant();
        var hex = header[(separator + 1)..].Trim();
        byte[] expected = algorithm switch
        {
            "sha224" => Sha224.Hash(key, body),
            "sha256" => HMACSHA256.HashData(key, body),
            "sha384" => HMACSHA384.HashData(key, body),
            "sha512" => HMACSHA512.HashData(key, body),
            _ => throw new FluxEventException("SignatureAlgorithmUnsupported",
                $"The {HeaderName} algorithm '{Sanitize(algorithm)}' is not one of sha224, sha256, sha384, sha512."),
        };

        byte[] given;
        try
        {
            given = Convert.FromHexString(hex);
        }
        catch (FormatException ex)
        {
            throw new FluxEventException("SignatureMalformed", $"The {HeaderName} value is not hexadecimal.", ex);
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            throw new FluxEventException("SignatureMismatch",
                $"The {HeaderName} does not match the body: the request was not signed with this key, or the body was altered " +
                "(re-encoded JSON never verifies; see the Azure Automation notes in the help).");
        }
    }

    /// <summary>Computes the header value notification-controller would send (used by tests, samples and benchmarks).</summary>
    public static string Sign(ReadOnlySpan<byte> body, ReadOnlySpan<byte> key, string algorithm = "sha256")
    {
        var mac = algorithm switch
        {
            "sha224" => Sha224.Hash(key, body),
            "sha256" => HMACSHA256.HashData(key, body),
            "sha384" => HMACSHA384.HashData(key, body),
            "sha512" => HMACSHA512.HashData(key, body),
            _ => throw new ArgumentException($"Unsupported algorithm '{algorithm}'.", nameof(algorithm)),
        };
        return algorithm + "=" + Convert.ToHexString(mac).ToLowerInvariant();
    }

    /// <summary>Keys copied from a file or `kubectl get secret` often end in a newline that NC ≥ 1.7 signs with.</summary>
    public static bool EndsWithNewline(ReadOnlySpan<byte> key) => !key.IsEmpty && (key[^1] == (byte)'\n' || key[^1] == (byte)'\r');

    private static string Sanitize(string value) => value.Length > 16 ? value[..16] + "…" : value;
}
