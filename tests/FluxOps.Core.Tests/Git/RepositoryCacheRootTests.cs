using FluxOps.Core.Git;

namespace FluxOps.Core.Tests.Git;

public sealed class RepositoryCacheRootTests
{
    [Fact]
    public void FLUXOPS_CACHE_decides_where_clones_go_before_XDG_CACHE_HOME()
    {
        var both = new Dictionary<string, string?> { ["FLUXOPS_CACHE"] = "/var/cache/fluxops", ["XDG_CACHE_HOME"] = "/tmp/.cache" };
        var xdgOnly = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = "/tmp/.cache" };

        Assert.Equal(Path.Combine("/var/cache/fluxops", "repos"), RepositoryCache.DefaultRoot(name => both.GetValueOrDefault(name)));
        Assert.Equal(Path.Combine("/tmp/.cache", "fluxops", "repos"), RepositoryCache.DefaultRoot(name => xdgOnly.GetValueOrDefault(name)));
    }
}
