using System.Text.Json;

namespace FluxOps.Testing;

/// <summary>
/// Runs a witness script from tests/witness (a provider's own npm client, or the contract validator) with node, in the
/// folder where the Test task installed the pinned packages (out/tools/npm/witness, or FLUXOPS_WITNESS_DIR), and
/// returns its JSON answer. The scripts are copied there from the source tree on every run, so an edited witness is
/// what runs.
/// </summary>
public static class NodeWitness
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Folder => Environment.GetEnvironmentVariable("FLUXOPS_WITNESS_DIR") is { Length: > 0 } folder
        ? folder : Path.Combine(RepositoryRoot, "out", "tools", "npm", "witness");

    public static JsonElement Run(string script, object plan, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules")))
        {
            throw new InvalidOperationException($"The witness packages are not installed in {Folder}: run ./build.ps1 -Task Test, which installs tests/witness/package-lock.json.");
        }

        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot, "tests", "witness"), "*.mjs"))
        {
            File.Copy(file, Path.Combine(Folder, Path.GetFileName(file)), overwrite: true);
        }

        var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>()) { ["WITNESS_PLAN"] = JsonSerializer.Serialize(plan) };
        var result = ProcessRunner.Run("node", [Path.Combine(Folder, script)], Folder, variables, timeout: TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0 || result.StandardOutput.Length == 0)
        {
            throw new InvalidOperationException($"node {script} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }

        return JsonDocument.Parse(result.StandardOutput).RootElement.Clone();
    }

    /// <summary>The value of a witness step that must have succeeded.</summary>
    public static JsonElement Value(this JsonElement results, string step)
    {
        var outcome = results.GetProperty(step);
        return outcome.GetProperty("ok").GetBoolean() ? outcome.GetProperty("value")
            : throw new InvalidOperationException($"witness step {step} failed: {outcome.GetRawText()}");
    }

    /// <summary>The HTTP status a witness step failed with (it must have failed).</summary>
    public static int Status(this JsonElement results, string step)
    {
        var outcome = results.GetProperty(step);
        return !outcome.GetProperty("ok").GetBoolean() && outcome.GetProperty("status").ValueKind == JsonValueKind.Number
            ? outcome.GetProperty("status").GetInt32()
            : throw new InvalidOperationException($"witness step {step} did not fail with a status: {outcome.GetRawText()}");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FluxOps.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("FluxOps.sln not found above " + AppContext.BaseDirectory);
    }
}
