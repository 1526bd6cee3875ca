using System.Text.Json;
using FluxOps.Core.Processes;

namespace FluxOps.Core.Registry;

/// <summary>
/// Runs a docker credential helper (<c>docker-credential-&lt;name&gt; get</c>, server URL on stdin, JSON
/// <c>{ServerURL, Username, Secret}</c> on stdout), the protocol ecr-login, acr-env, gcloud, desktop, pass and
/// secretservice all speak.
/// </summary>
internal static class CredentialHelper
{
    private static readonly TimeSpan HelperTimeout = TimeSpan.FromSeconds(30);

    // A helper answers with one small JSON object; a helper printing more is broken or hostile, and is not believed.
    private const int MaxAnswerChars = 64 * 1024;

    /// <summary>Credentials from the helper, or null when it has none for this server. Throws when it cannot run.</summary>
    public static RegistryCredential? Get(string helperName, string serverUrl, string origin)
    {
        var program = "docker-credential-" + helperName;
        var request = new ProcessRequest(program, ["get"])
        {
            StandardInput = serverUrl,
            Timeout = HelperTimeout,
            MaxOutputChars = MaxAnswerChars,
            // No Redact: stdout is the credential asked for; neither stream is ever echoed into a message below.
        };
        ProcessResult result;
        try
        {
            result = ProcessRunner.Run(request, CancellationToken.None);
        }
        catch (FluxOpsException ex) when (ex.ErrorId == ProcessRunner.NotInstalled)
        {
            // InvalidOperationException is how the registry checker tells "could not ask" (Unknown) from "refused".
            throw new InvalidOperationException($"The credential helper {program} (from {origin}) is not on PATH.", ex);
        }
        catch (FluxOpsException ex) when (ex.ErrorId == ProcessRunner.TimedOut)
        {
            throw new InvalidOperationException($"The credential helper {program} did not answer within {HelperTimeout.TotalSeconds:0} s.", ex);
        }
        catch (FluxOpsException ex)
        {
            throw new InvalidOperationException($"The credential helper {program} (from {origin}) could not be started: {ex.Message}", ex);
        }

        if (result.StandardOutputTruncated)
        {
            throw new InvalidOperationException($"The credential helper {program} printed more than {MaxAnswerChars / 1024} KiB; its answer was not used.");
        }

        if (result.ExitCode != 0)
        {
            // "credentials not found in native keychain" is the protocol's way of saying "none".
            if ((result.StandardOutput + result.StandardError).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            // The helper's own message is not echoed: a broken helper may print what it was given.
            throw new InvalidOperationException($"The credential helper {program} failed with exit code {result.ExitCode}.");
        }

        return Decode(result.StandardOutput, $"credential helper {program} (from {origin})");
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
