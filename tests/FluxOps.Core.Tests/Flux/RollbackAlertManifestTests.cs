using System.Text.RegularExpressions;
using FluxOps.Core.Flux;
using YamlDotNet.RepresentationModel;

namespace FluxOps.Core.Tests.Flux;

public sealed class RollbackAlertManifestTests
{
    private static List<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            current = ((YamlMappingNode)current).Children[new YamlScalarNode(key)];
        }

        return current;
    }

    private static HashSet<string> Keys(YamlNode node) => ((YamlMappingNode)node).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();

    [Fact]
    public void Writes_a_secret_a_generic_hmac_provider_and_an_error_alert_with_exactly_the_fields_flux_defines()
    {
        var yaml = RollbackAlertManifest.Render(new RollbackAlertOptions
        {
            Address = "https://rollback.example/hooks/flux",
            Kustomizations = ["apps", "infra/platform"],
            HelmReleases = ["podinfo"],
        }, out var token);

        var docs = Documents(yaml);
        Assert.Equal(3, docs.Count);
        var (secret, provider, alert) = (docs[0], docs[1], docs[2]);
        Assert.Equal("Secret", At(secret, "kind").ToString());
        Assert.Equal(token, At(secret, "stringData", "token").ToString());
        Assert.Equal("https://rollback.example/hooks/flux", At(secret, "stringData", "address").ToString());
        Assert.Matches("^[0-9a-f]{64}$", token);

        Assert.Equal("notification.toolkit.fluxcd.io/v1beta3", At(provider, "apiVersion").ToString());
        Assert.Equal("generic-hmac", At(provider, "spec", "type").ToString());
        Assert.Equal("fluxops-rollback", At(provider, "spec", "secretRef", "name").ToString());
        Assert.Matches(@"^([0-9]+(\.[0-9]+)?(ms|s|m))+$", At(provider, "spec", "timeout").ToString());
        Assert.Subset(new HashSet<string> { "type", "address", "channel", "username", "timeout", "proxySecretRef", "secretRef", "certSecretRef", "serviceAccountName", "suspend", "commitStatusExpr" }, Keys(At(provider, "spec")));

        Assert.Equal("Alert", At(alert, "kind").ToString());
        Assert.Equal("notification.toolkit.fluxcd.io/v1beta3", At(alert, "apiVersion").ToString());
        var spec = Keys(At(alert, "spec"));
        Assert.Subset(new HashSet<string> { "providerRef", "eventSeverity", "eventSources", "inclusionList", "exclusionList", "eventMetadata", "summary", "suspend" }, spec);
        Assert.DoesNotContain("inclusionRules", yaml, StringComparison.Ordinal);
        Assert.Equal("error", At(alert, "spec", "eventSeverity").ToString());
        var sources = ((YamlSequenceNode)At(alert, "spec", "eventSources")).Cast<YamlMappingNode>()
            .Select(s => $"{At(s, "kind")}:{(s.Children.ContainsKey(new YamlScalarNode("namespace")) ? At(s, "namespace") + "/" : string.Empty)}{At(s, "name")}").ToList();
        Assert.Equal(["Kustomization:apps", "Kustomization:infra/platform", "HelmRelease:podinfo"], sources);
    }

    [Theory]
    [InlineData("health check failed after 5m0.02s: timeout waiting for: [Deployment/apps/web status: 'InProgress']")]
    [InlineData("failed early due to stalled resources: [Deployment/apps/web status: 'Failed']")]
    [InlineData("Deployment/apps/web dry-run failed (Invalid): Deployment.apps \"web\" is invalid: spec.replicas: Invalid value")]
    [InlineData("Service/apps/web apply failed: the server rejected our request")]
    [InlineData("kustomize build failed: accumulating resources: 'apps/missing.yaml' not found")]
    [InlineData("Helm install failed for release apps/web with chart web@1.2.3: context deadline exceeded")]
    [InlineData("Helm upgrade failed for release apps/web with chart web@1.2.4: timed out waiting for the condition")]
    [InlineData("Helm test failed for release apps/web with chart web@1.2.4: pod web-test failed")]
    [InlineData("upgrade retries exhausted")]
    public void The_default_inclusion_list_matches_the_failures_the_controllers_emit(string message)
    {
        Assert.Contains(RollbackAlertManifest.DefaultInclusionList, pattern => Regex.IsMatch(message, pattern));
    }

    [Theory]
    [InlineData("Reconciliation finished in 1.2s, next run in 10m0s")]
    [InlineData("Health check passed in 3.1s")]
    [InlineData("Deployment/apps/web configured\nService/apps/web created")]
    [InlineData("Helm upgrade succeeded for release apps/web with chart web@1.2.4")]
    public void The_default_inclusion_list_lets_no_success_through(string message)
    {
        Assert.DoesNotContain(RollbackAlertManifest.DefaultInclusionList, pattern => Regex.IsMatch(message, pattern));
    }

    [Fact]
    public void A_token_with_a_trailing_newline_or_an_over_long_address_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RollbackAlertManifest.Render(new RollbackAlertOptions { Address = "http://x", Token = "abc\n" }, out _));
        Assert.Throws<ArgumentException>(() => RollbackAlertManifest.Render(new RollbackAlertOptions { Address = "http://x/" + new string('a', 2048) }, out _));
    }
}
