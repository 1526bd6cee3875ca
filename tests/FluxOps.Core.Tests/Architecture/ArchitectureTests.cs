using FluxOps.Core.Flux;
using FluxOps.Models;
using Mono.Cecil;

namespace FluxOps.Core.Tests.Architecture;

/// <summary>design.md's dependency rules, checked on the built assemblies so a wrong reference fails the test run.</summary>
public sealed class ArchitectureTests
{
    private static readonly string CorePath = typeof(FluxOpsException).Assembly.Location;
    private static readonly Lazy<AssemblyDependencies> Core = new(() => AssemblyDependencies.Read(CorePath, "FluxOps.Core"));

    /// <summary>
    /// Newtonsoft.Json is the one exception: PowerShell itself ships and loads it (ConvertTo-Json serializes with it), and
    /// the enums carry its StringEnumConverter attribute so a user's plain ConvertTo-Json writes names. It is referenced
    /// for compiling only and never shipped in the module.
    /// </summary>
    [Fact]
    public void Models_references_nothing_but_the_BCL_and_PowerShells_own_Newtonsoft_Json()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

        var outside = typeof(ImageReference).Assembly.GetReferencedAssemblies()
            .Where(reference => !File.Exists(Path.Combine(framework, reference.Name + ".dll")))
            .Where(reference => !(reference.Name == "Newtonsoft.Json" && reference.Version?.Major == 13))
            .Select(reference => reference.Name)
            .ToList();

        Assert.True(outside.Count == 0, $"FluxOps.Models must load with nothing but the runtime (and PowerShell's Newtonsoft.Json 13), and references: {string.Join(", ", outside)}");
    }

    [Fact]
    public void Core_never_references_System_Management_Automation()
    {
        using var core = AssemblyDefinition.ReadAssembly(CorePath);

        var powerShell = core.MainModule.AssemblyReferences.Select(r => r.Name)
            .Concat(core.MainModule.GetTypeReferences().Select(t => t.Scope.Name))
            .Where(name => name.StartsWith("System.Management.Automation", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.PowerShell", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.True(powerShell.Count == 0, $"FluxOps.Core references {string.Join(", ", powerShell)}; PowerShell types belong in FluxOps.PowerShell.");
    }

    [Fact]
    public void Every_Core_folder_uses_only_the_folders_its_row_allows()
    {
        var wrong = Core.Value.Edges
            .Where(edge => !Allowed(edge.Key.From, edge.Key.To))
            .Select(edge => $"{edge.Key.From} -> {edge.Key.To} is not in CoreLayering.MayUse:\n    " + string.Join("\n    ", edge.Value.Take(5)))
            .ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Every_Core_folder_has_a_row_and_the_table_has_no_cycles()
    {
        var missing = Core.Value.Folders.Where(f => !CoreLayering.MayUse.ContainsKey(f)).ToList();
        Assert.True(missing.Count == 0, $"Folders without a row in CoreLayering.MayUse (decide what they may use): {string.Join(", ", missing)}");

        var unknown = CoreLayering.MayUse.SelectMany(row => row.Value).Where(f => !CoreLayering.MayUse.ContainsKey(f)).Distinct().ToList();
        Assert.True(unknown.Count == 0, $"Rows name folders that have no row: {string.Join(", ", unknown)}");
        Assert.Null(FindCycle());
    }

    [Fact]
    public void The_reader_sees_uses_inside_iterators_lambdas_and_signatures()
    {
        // FluxManifestIndex reaches SafeYamlReader only inside the compiler-generated iterator of Documents(); the
        // receiver's options and engine are plain signatures. If these went unseen, the layering test would prove nothing.
        var flux = Core.Value.Edges[("Flux", "Manifests")];

        Assert.Contains(flux, use => use.StartsWith(typeof(FluxManifestIndex).FullName + "/<", StringComparison.Ordinal));
        Assert.Contains(("Receiver", "Rollback"), Core.Value.Edges.Keys);
        Assert.Equal("Hosting", Core.Value.FolderOf("FluxOps.Core.Hosting.GitHub"));
        Assert.Equal(CoreLayering.Root, Core.Value.FolderOf("FluxOps.Core"));
        Assert.Null(Core.Value.FolderOf("FluxOps.CoreX"));
    }

    private static bool Allowed(string from, string to) =>
        CoreLayering.MayUse.TryGetValue(from, out var row) && row.Contains(to, StringComparer.Ordinal);

    /// <summary>A cycle in the table as "A -> B -> A", or null.</summary>
    private static string? FindCycle()
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path, true: done
        foreach (var start in CoreLayering.MayUse.Keys)
        {
            var path = new Stack<(string Folder, IEnumerator<string> Next)>();
            if (state.ContainsKey(start))
            {
                continue;
            }

            state[start] = false;
            path.Push((start, CoreLayering.MayUse[start].AsEnumerable().GetEnumerator()));
            while (path.Count > 0)
            {
                var (folder, next) = path.Peek();
                if (!next.MoveNext())
                {
                    state[folder] = true;
                    path.Pop();
                    continue;
                }

                var to = next.Current;
                if (!state.TryGetValue(to, out var done))
                {
                    state[to] = false;
                    path.Push((to, CoreLayering.MayUse.GetValueOrDefault(to, []).AsEnumerable().GetEnumerator()));
                }
                else if (!done)
                {
                    return string.Join(" -> ", path.Reverse().Select(p => p.Folder).SkipWhile(f => f != to).Append(to));
                }
            }
        }

        return null;
    }
}
