using System.Security;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// Invoke-FluxRevert after the push: it says how Flux applies the revert now or calls Flux's webhook Receiver
/// (-ReconcileUrl), and a piped range that includes an earlier FluxOps revert skips it with a warning.
/// </summary>
public sealed class PanicButtonFollowUpTests : IDisposable
{
    private const string ReceiverToken = "flux-receiver-token-31c7";
    private readonly ModuleSession _session = new();
    private readonly FluxRepoScenario _scenario = new();

    public PanicButtonFollowUpTests() => FluxFleet.Seed(_scenario);

    private SessionResult Run(GitWorkTree clone, string script, params (string Name, object? Value)[] extra)
    {
        var variables = new Dictionary<string, object?>
        {
            ["path"] = clone.Path,
            ["cred"] = new System.Management.Automation.PSCredential(_scenario.Server.User, Secure(_scenario.Server.Password)),
            ["token"] = Secure(ReceiverToken),
        };
        foreach (var (name, value) in extra)
        {
            variables[name] = value;
        }

        return _session.Run(script, variables);
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        return secure;
    }

    [Fact]
    public void After_the_push_it_names_the_flux_command_for_the_kustomization_that_holds_the_files()
    {
        using var clone = _scenario.NewClone();
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        _scenario.Pull(clone);

        var result = Run(clone, "Invoke-FluxRevert $sha -Path $path -Credential $cred -Confirm:$false", ("sha", bad));

        Assert.Empty(result.Errors);
        var advice = Assert.Single(result.Information);
        Assert.Contains("To apply it now: 'flux reconcile kustomization apps -n flux-system --with-source'", advice, StringComparison.Ordinal);
        Assert.Equal(advice, result.Output[0].Properties["Reconcile"].Value);
        Assert.Null(result.Output[0].Properties["ReconcileRequested"].Value);
    }

    [Fact]
    public void With_ReconcileUrl_the_receiver_is_called_once_signed_and_its_path_never_shown()
    {
        using var clone = _scenario.NewClone();
        using var receiver = new FluxReceiverServer(ReceiverToken);
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        _scenario.Pull(clone);

        var result = Run(clone, "Invoke-FluxRevert $sha -Path $path -Credential $cred -ReconcileUrl $hook -ReconcileSecret $token -Confirm:$false -Verbose",
            ("sha", bad), ("hook", receiver.WebhookUrl));

        Assert.Empty(result.Errors);
        Assert.Contains($"\"commit\":\"{_scenario.RemoteHead}\"", Assert.Single(receiver.Accepted), StringComparison.Ordinal);
        Assert.Equal(true, result.Output[0].Properties["ReconcileRequested"].Value);
        Assert.Contains("Asked Flux's generic-hmac Receiver", Assert.Single(result.Information), StringComparison.Ordinal);
        Assert.DoesNotContain(receiver.WebhookPath[6..], result.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(ReceiverToken, result.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_receiver_that_refuses_is_a_warning_and_the_revert_stands()
    {
        using var clone = _scenario.NewClone();
        using var receiver = new FluxReceiverServer("another-token");
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        _scenario.Pull(clone);

        var result = Run(clone, "Invoke-FluxRevert $sha -Path $path -Credential $cred -ReconcileUrl $hook -ReconcileSecret $token -Confirm:$false",
            ("sha", bad), ("hook", receiver.WebhookUrl));

        Assert.Empty(result.Errors);
        Assert.True((bool)result.Output[0].Properties["Pushed"].Value);
        Assert.Contains(result.Warnings, w => w.Contains("refused the reconcile request (HTTP 401", StringComparison.Ordinal));
        Assert.Empty(receiver.Accepted);
    }

    [Fact]
    public void An_unusable_ReconcileUrl_stops_before_anything_is_reverted()
    {
        using var clone = _scenario.NewClone();
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var refs = _scenario.RemoteRefs;

        var result = Run(clone, "Invoke-FluxRevert $sha -Path $path -Credential $cred -ReconcileUrl 'ftp://flux/hook/abc' -Confirm:$false", ("sha", bad));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ReconcileUrlInvalid", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    [Fact]
    public void A_piped_range_with_an_earlier_fluxops_revert_warns_skips_it_and_reverts_the_rest()
    {
        using var clone = _scenario.NewClone();
        var first = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        _scenario.Pull(clone);
        Run(clone, "Invoke-FluxRevert $sha -Path $path -Credential $cred -Confirm:$false", ("sha", first));
        var earlierRevert = clone.Head;
        _scenario.SyncPublisher();
        var second = _scenario.Push("Tune redis", new Dictionary<string, string> { ["infra/redis.yaml"] = "maxmemory: 50mb\n" });
        _scenario.Pull(clone);

        var result = Run(clone, "Get-FluxBadCommit -Path $path -LastApplied $first -LastAttempted $second | Invoke-FluxRevert -Credential $cred -Confirm:$false",
            ("first", first), ("second", second));

        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith($"Skipped {earlierRevert[..7]}: {earlierRevert[..7]} is itself a FluxOps revert (of {first[..7]})", warning, StringComparison.Ordinal);
        Assert.Equal([true, false], result.Output.OrderBy(o => (string)o.Properties["RevertedSha"].Value == second ? 0 : 1).Select(o => (bool)o.Properties["Pushed"].Value));
        Assert.Contains($"Fluxops-Reverts: {second}", _scenario.RemoteMessage("main"), StringComparison.Ordinal);
    }

    public void Dispose() => _scenario.Dispose();
}
