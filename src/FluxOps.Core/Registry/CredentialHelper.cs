using System.Diagnostics;
using System.Text.Json;

namespace FluxOps.Core.Registry;

/// <summary>
/// Runs a docker credential helper (<c>docker-credential-&lt;name&gt; get</c>, server URL on stdin, JSON
/// <c>{ServerURL, Username, Secret}</c> on stdout), the protocol ecr-login, acr-env, gcloud, desktop, pass and
/// secretservice all speak.
/// </summary>
internal static class CredentialHelper
{
    private static readonly TimeSpan HelperTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Credentials from the helper, or null when it has none for this server. Throws when it cannot run.</summary>
    public static RegistryCredential? Get(string helperName, string serverUrl, string origin)
    {
        var program = "docker-credential-" + helperName;
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("get");
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"The credential helper {program} (from {origin}) is not on PATH: {ex.Message}", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(serverUrl);
            process.StandardInput.Close();
            if (!process.WaitForExit(HelperTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"The credential helper {program} did not answer within {HelperTimeout.TotalSeconds:0} s.");
            }

            var output = stdout.GetAwaiter().GetResult();
            var error = stderr.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                // "credentials not found in native keychain" is the protocol's way of saying "none".
                if ((output + error).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                // The helper's own message is not echoed: a broken helper may print what it was given.
                throw new InvalidOperationException($"The credential helper {program} failed with exit code {process.ExitCode}.");
            }

            return Decode(output, $"credential helper {program} (from {origin})");
        }
    }

    private static RegistryCredential? Decode(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"The {source} did not print JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            var user = root.TryGetProperty("Username", out var u) ? u.GetString() : null;
            var secret = root.TryGetProperty("Secret", out var s) ? s.GetString() : null;
            if (string.IsNullOrEmpty(secret))
            {
                return null;
            }

            // "<token>" as user means the secret is an OAuth2 refresh token (ACR, docker login with SSO).
            return user == "<token>"
                ? new RegistryCredential(source, null, null, secret)
                : new RegistryCredential(source, user, secret);
        }
    }
}
