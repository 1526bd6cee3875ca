using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using FluxOps.Core.Git;

namespace FluxOps.PowerShell.Internal;

/// <summary>Tab completion for names read from the repository -Path names (else the current folder): local data only.</summary>
public abstract class RepositoryNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        ArgumentNullException.ThrowIfNull(fakeBoundParameters);
        var here = CurrentFolder();
        var path = fakeBoundParameters["Path"] is { } bound && bound.ToString() is { Length: > 0 } given ? System.IO.Path.Combine(here, given) : here;
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        return Names(path)
            .Where(name => name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name.Contains(' ', StringComparison.Ordinal) ? $"'{name}'" : name, name, CompletionResultType.ParameterValue, name));
    }

    private protected abstract IReadOnlyList<string> Names(string path);

    /// <summary>
    /// The session's FileSystem location. Completion runs inside the user's pipeline, where the runspace's session state
    /// proxy refuses calls; a nested command in the current runspace may ask.
    /// </summary>
    private static string CurrentFolder()
    {
        try
        {
            using var nested = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            var location = nested.AddCommand("Microsoft.PowerShell.Management\\Get-Location").AddParameter("PSProvider", "FileSystem").Invoke<PathInfo>();
            return location.Count > 0 ? location[0].ProviderPath : Environment.CurrentDirectory;
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or RuntimeException)
        {
            return Environment.CurrentDirectory;
        }
    }
}

/// <summary>-Base, -Head, -Revision: local and remote-tracking branches and tags.</summary>
public sealed class CommitishCompleter : RepositoryNameCompleter
{
    private protected override IReadOnlyList<string> Names(string path) => RefNames.Commitish(path);
}

/// <summary>-Branch: branch names as the remote knows them.</summary>
public sealed class BranchCompleter : RepositoryNameCompleter
{
    private protected override IReadOnlyList<string> Names(string path) => RefNames.Branches(path);
}

/// <summary>-Platform: the os/architecture[/variant] values registries list most, in the form -Platform takes.</summary>
public sealed class PlatformCompleter : IArgumentCompleter
{
    private static readonly string[] Common =
    [
        "linux/amd64", "linux/arm64", "linux/arm64/v8", "linux/arm/v7", "linux/arm/v6", "linux/386", "linux/ppc64le", "linux/s390x",
        "linux/riscv64", "windows/amd64", "windows/arm64",
    ];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Common.Where(p => p.StartsWith((wordToComplete ?? string.Empty).Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(p => new CompletionResult(p, p, CompletionResultType.ParameterValue, p));
}
