using System.Text.Json;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Hosting.Contract;

/// <summary>One exchange as the contract validator judged it.</summary>
internal sealed record ContractVerdict(string Method, string Path, int Status, string? Operation, IReadOnlyList<string> Problems, bool Shaped)
{
    public override string ToString() => $"{Method} {Path} -> {Status} ({Operation ?? "no operation"}): {string.Join("; ", Problems)}";
}

/// <summary>Saves the fake's exchange log and has tests/witness/contract.mjs judge it against a published description.</summary>
internal static class ContractRun
{
    public static IReadOnlyList<ContractVerdict> Judge(FakeGitHostServer host, string description, string prefix, string? examples = null)
    {
        using var folder = new TempDirectory("fluxops-contract");
        var exchanges = Path.Combine(folder.Path, "exchanges.json");
        host.SaveExchanges(exchanges);
        var report = NodeWitness.Run("contract.mjs", new { description, prefix, examples, exchanges });
        return report.EnumerateArray().Select(v => new ContractVerdict(
            v.GetProperty("method").GetString()!,
            v.GetProperty("path").GetString()!,
            v.GetProperty("status").GetInt32(),
            v.GetProperty("operation").ValueKind == JsonValueKind.String ? v.GetProperty("operation").GetString() : null,
            v.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList(),
            v.GetProperty("shaped").GetBoolean())).ToList();
    }

    /// <summary>A file the Test task downloads (named by an environment variable); a clear failure when it is missing.</summary>
    public static string Required(string variable)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        Assert.False(string.IsNullOrEmpty(path), $"{variable} is not set: run ./build.ps1 -Task Test, which fetches the pinned npm packages.");
        return path!;
    }
}
