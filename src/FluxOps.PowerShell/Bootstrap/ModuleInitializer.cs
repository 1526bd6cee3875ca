using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace FluxOps.PowerShell.Bootstrap;

/// <summary>
/// Runs on Import-Module: routes FluxOps.Core into the private load context
/// (the "resolving PowerShell module assembly dependency conflicts" pattern).
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly string ModuleDirectory =
        Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? AppContext.BaseDirectory;

    private static readonly Lazy<FluxOpsLoadContext> LoadContextLazy =
        new(() => new FluxOpsLoadContext(Path.Combine(ModuleDirectory, "Dependencies")));

    internal static FluxOpsLoadContext LoadContext => LoadContextLazy.Value;

    internal static string ModuleRoot => ModuleDirectory;

    public void OnImport() => AssemblyLoadContext.Default.Resolving += ResolveCore;

    public void OnRemove(PSModuleInfo psModuleInfo) => AssemblyLoadContext.Default.Resolving -= ResolveCore;

    // Only FluxOps.Core is sent to the private context; its own dependencies then resolve there.
    private static Assembly? ResolveCore(AssemblyLoadContext defaultContext, AssemblyName assemblyName) =>
        string.Equals(assemblyName.Name, "FluxOps.Core", StringComparison.Ordinal)
            ? LoadContext.LoadFromAssemblyName(assemblyName)
            : null;
}
