namespace FluxOps.PowerShell.Tests.Commands;

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class GetFluxOpsEnvironmentCommandTests : IDisposable
{
    private readonly ModuleSession _session = new();

    [Fact]
    public void Reports_the_native_libgit2_loaded_from_the_module_dependencies()
    {
        var result = _session.Run("Get-FluxOpsEnvironment");

        Assert.Empty(result.Errors);
        var info = Assert.Single(result.Output);
        Assert.Equal("FluxOps.Models.FluxOpsEnvironment", info.BaseObject.GetType().FullName);
        Assert.StartsWith("libgit2 ", (string)info.Properties["LibGit2Version"].Value, StringComparison.Ordinal);
        var native = (string)info.Properties["NativeLibraryPath"].Value;
        var moduleDir = Path.GetDirectoryName(ModuleSession.ModuleManifestPath)!;
        Assert.StartsWith(Path.Combine(moduleDir, "Dependencies", "runtimes"), native, StringComparison.Ordinal);
        Assert.True(File.Exists(native), native);
        Assert.Contains("Https", (IEnumerable<string>)info.Properties["LibGit2Features"].Value);
    }

    [Fact]
    public void Loads_core_and_its_dependencies_in_the_private_context_and_models_in_the_default_one()
    {
        var result = _session.Run("""
            Get-FluxOpsEnvironment | Out-Null
            $contexts = [System.Runtime.Loader.AssemblyLoadContext]::All
            foreach ($name in 'FluxOps.Core', 'YamlDotNet', 'LibGit2Sharp', 'FluxOps.Models') {
                $owner = $contexts | Where-Object { $_.Assemblies.GetName().Name -contains $name } | Select-Object -First 1
                "$name=$($owner.Name)"
            }
            """);

        Assert.Empty(result.Errors);
        var lines = result.Output.Select(o => o.ToString()).ToList();
        Assert.Contains("FluxOps.Core=FluxOps", lines);
        Assert.Contains("YamlDotNet=FluxOps", lines);
        Assert.Contains("LibGit2Sharp=FluxOps", lines);
        Assert.Contains("FluxOps.Models=Default", lines);
    }

    [Fact]
    public void Lists_registry_auth_files_by_path_without_their_contents()
    {
        using var home = new FluxOps.Testing.TempDirectory();
        var config = home.Combine("config.json");
        File.WriteAllText(config, """{"auths":{"127.0.0.1:5000":{"auth":"c2VjcmV0LXVzZXI6aHVudGVyMg=="}}}""");

        var result = _session.Run(
            "$env:DOCKER_CONFIG = $dir; try { Get-FluxOpsEnvironment | ConvertTo-Json } finally { Remove-Item env:DOCKER_CONFIG }",
            new Dictionary<string, object?> { ["dir"] = home.Path });

        Assert.Empty(result.Errors);
        Assert.Contains(config, result.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", result.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.AllText, StringComparison.Ordinal);
    }

    public void Dispose() => _session.Dispose();
}
