using FluxOps.Core.Registry;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Registry;

/// <summary>Builds a batch checker isolated from the machine's own credential files.</summary>
internal sealed class RegistryTestKit : IDisposable
{
    private readonly TempDirectory _home = new("fluxops-home");
    private readonly List<string> _log = [];

    public string Home => _home.Path;

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToList();
            }
        }
    }

    public ImageCheckBatch NewBatch(RegistryClientOptions? options = null, RegistryCredential? credential = null, string? authFile = null) =>
        new(options ?? new RegistryClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(20) },
            new CredentialResolver(credential, authFile, Environment, Home, Add), Add);

    public static async Task<ImageCheckResult> CheckAsync(ImageCheckBatch batch, string reference) =>
        await batch.Submit(ImageNameParser.Parse(reference));

    public string WriteFile(string name, string content)
    {
        var path = _home.Combine(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => _home.Dispose();

    private void Add(string line)
    {
        lock (_log)
        {
            _log.Add(line);
        }
    }
}
