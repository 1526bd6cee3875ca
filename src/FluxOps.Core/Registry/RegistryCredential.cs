namespace FluxOps.Core.Registry;

/// <summary>
/// Credentials for one registry and where they came from. <see cref="ToString"/> and <see cref="Source"/> never
/// include the secret, so the object is safe to log.
/// </summary>
internal sealed class RegistryCredential
{
    public RegistryCredential(string source, string? username, string? password, string? identityToken = null)
    {
        Source = source;
        Username = username;
        Password = password;
        IdentityToken = identityToken;
    }

    /// <summary>Where the credentials were found, e.g. "-Credential" or "config.json credHelpers 'ecr-login' (/home/u/.docker/config.json)".</summary>
    public string Source { get; }

    public string? Username { get; }

    internal string? Password { get; }

    /// <summary>An OAuth2 refresh token (docker login's identitytoken, ACR's "&lt;token&gt;" user).</summary>
    internal string? IdentityToken { get; }

    internal bool HasBasic => !string.IsNullOrEmpty(Username) && Password is not null;

    internal string BasicHeaderValue => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    /// <summary>Every secret this credential holds, for redaction of any text that might echo one.</summary>
    internal IEnumerable<string> Secrets()
    {
        if (!string.IsNullOrEmpty(Password))
        {
            yield return Password;
            yield return BasicHeaderValue;
        }

        if (!string.IsNullOrEmpty(IdentityToken))
        {
            yield return IdentityToken;
        }
    }

    public override string ToString() => Username is null ? Source : $"{Username} from {Source}";
}
