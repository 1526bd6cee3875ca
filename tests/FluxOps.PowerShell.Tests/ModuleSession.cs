using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using PS = System.Management.Automation.PowerShell;

namespace FluxOps.PowerShell.Tests;

/// <summary>An in-process PowerShell session with the built FluxOps module imported from out/.</summary>
public sealed class ModuleSession : IDisposable
{
    private readonly Runspace _runspace;

    public ModuleSession()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule([ModuleManifestPath]);
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    /// <summary>out/FluxOps/&lt;version&gt;/FluxOps.psd1, or FLUXOPS_MODULE_PATH when build.ps1 sets it.</summary>
    public static string ModuleManifestPath
    {
        get
        {
            var fromBuild = Environment.GetEnvironmentVariable("FLUXOPS_MODULE_PATH");
            if (!string.IsNullOrEmpty(fromBuild))
            {
                return fromBuild;
            }

            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FluxOps.sln")))
            {
                dir = dir.Parent;
            }

            var moduleRoot = Path.Combine(dir?.FullName ?? ".", "out", "FluxOps");
            return Directory.Exists(moduleRoot)
                ? Directory.GetFiles(moduleRoot, "FluxOps.psd1", SearchOption.AllDirectories).Single()
                : throw new InvalidOperationException("The module is not laid out: run ./build.ps1 -Task Module first.");
        }
    }

    /// <summary>Runs a script and returns its output together with every stream it wrote.</summary>
    public SessionResult Run(string script, IDictionary<string, object?>? variables = null)
    {
        using var ps = PS.Create();
        ps.Runspace = _runspace;
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
        {
            _runspace.SessionStateProxy.SetVariable(name, value);
        }

        ps.AddScript(script);
        // Collected into our own list so what a command wrote before a terminating error is kept.
        var output = new Collection<PSObject>();
        Exception? terminating = null;
        try
        {
            ps.Invoke(null, output);
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }

        return new SessionResult(output, ps.Streams, terminating);
    }

    /// <summary>Starts a script, presses Ctrl+C (Stop) once <paramref name="stopWhen"/> holds, and returns what it wrote.</summary>
    public SessionResult RunAndStop(string script, Func<bool> stopWhen, IDictionary<string, object?>? variables = null)
    {
        using var ps = PS.Create();
        ps.Runspace = _runspace;
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
        {
            _runspace.SessionStateProxy.SetVariable(name, value);
        }

        ps.AddScript(script);
        var output = new PSDataCollection<PSObject>();
        var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!stopWhen() && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        ps.Stop();
        Exception? terminating = null;
        try
        {
            ps.EndInvoke(running);
        }
        catch (Exception ex) when (ex is RuntimeException or PipelineStoppedException)
        {
            terminating = ex;
        }

        return new SessionResult(new Collection<PSObject>(output.ToList()), ps.Streams, terminating);
    }

    public void Dispose() => _runspace.Dispose();
}

public sealed class SessionResult(Collection<PSObject> output, PSDataStreams streams, Exception? terminating)
{
    public Collection<PSObject> Output { get; } = output;

    public IReadOnlyList<ErrorRecord> Errors { get; } = streams.Error.ToList();

    public IReadOnlyList<string> Verbose { get; } = streams.Verbose.Select(v => v.Message).ToList();

    public IReadOnlyList<string> Warnings { get; } = streams.Warning.Select(v => v.Message).ToList();

    public IReadOnlyList<ProgressRecord> Progress { get; } = streams.Progress.ToList();

    /// <summary>Information records (Write-Host-like messages the cmdlets write), as text.</summary>
    public IReadOnlyList<string> Information { get; } = streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList();

    public Exception? Terminating { get; } = terminating;

    /// <summary>Everything the session printed or threw, for asserting that no secret leaks.</summary>
    public string AllText => string.Join('\n',
        Output.Select(o => o?.ToString() ?? string.Empty)
            .Concat(Errors.Select(e => e.ToString() + " " + e.Exception?.ToString()))
            .Concat(Verbose).Concat(Warnings).Concat(Information)
            .Append(Terminating?.ToString() ?? string.Empty));
}
