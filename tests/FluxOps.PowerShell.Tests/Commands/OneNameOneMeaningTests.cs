using FluxOps.PowerShell.Tests.Receiver;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// One parameter name, one meaning, across the cmdlets: the event allow-list is -EventReason (never -Reason, which is the
/// revert reason), -Path defaults to the current folder, the hosted repository is -HostedRepository everywhere, and
/// Invoke-FluxRollback takes -AuthorName/-AuthorEmail like Invoke-FluxRevert.
/// </summary>
public sealed class OneNameOneMeaningTests : IDisposable
{
    private readonly ModuleSession _session = new();
    private readonly FluxRepoScenario _scenario = new();

    public OneNameOneMeaningTests() => FluxFleet.Seed(_scenario);

    private SessionResult Run(string script, string? body = null, string? location = null) => _session.Run(
        (location is null ? string.Empty : "Set-Location -LiteralPath $location; ") +
        "$cred = [pscredential]::new($user, (ConvertTo-SecureString $pass -AsPlainText -Force)); " + script,
        new Dictionary<string, object?>
        {
            ["user"] = _scenario.Server.User,
            ["pass"] = _scenario.Server.Password,
            ["url"] = _scenario.Url,
            ["body"] = body,
            ["location"] = location,
        });

    [Fact]
    public void The_event_allow_list_is_EventReason_and_an_old_Reason_argument_fails_loudly_instead_of_skipping()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var refs = _scenario.RemoteRefs;

        var skipped = Run("$body | ConvertFrom-FluxEvent | Invoke-FluxRollback -RepositoryUrl $url -Credential $cred -EventReason BuildFailed -Confirm:$false 3>$null",
            FluxEventFactory.Kustomization(bad));
        var oldName = Run("$body | ConvertFrom-FluxEvent | Invoke-FluxRollback -RepositoryUrl $url -Credential $cred -Reason 'web 3.0 crash-loops' -Confirm:$false",
            FluxEventFactory.Kustomization(bad));

        var decision = Assert.Single(skipped.Output);
        Assert.Equal("ReasonNotAllowed", decision.Properties["Reason"].Value?.ToString());
        Assert.Contains("-EventReason: BuildFailed", decision.Properties["Message"].Value?.ToString(), StringComparison.Ordinal);
        var refused = Assert.Single(oldName.Errors);
        Assert.StartsWith("NamedParameterNotFound,", refused.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("'Reason'", refused.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(oldName.Output);
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    [Fact]
    public void Every_cmdlet_names_the_hosted_repository_HostedRepository_and_the_allow_list_EventReason()
    {
        var result = Run(
            "Get-Command -Module FluxOps | ForEach-Object { foreach ($p in $_.Parameters.Values) { \"$($_.Name) $($p.Name) $($p.Aliases -join ',')\" } }");

        var parameters = result.Output.Select(o => o.ToString()).ToList();
        Assert.Contains("Invoke-FluxRevert HostedRepository ", parameters);
        Assert.Contains("Invoke-FluxRollback HostedRepository ", parameters);
        Assert.Contains("Start-FluxRollbackReceiver HostedRepository ", parameters);
        Assert.Contains("Invoke-FluxRollback EventReason ", parameters);
        Assert.Contains("Start-FluxRollbackReceiver EventReason ", parameters);
        Assert.Contains("Invoke-FluxRollback AuthorName ", parameters);
        Assert.Contains("Invoke-FluxRollback AuthorEmail ", parameters);
        // -Reason is the revert reason (Invoke-FluxRevert) and nothing else; -Repository only ever means the local clone.
        Assert.Equal(["Invoke-FluxRevert Reason "], parameters.Where(p => p.Split(' ')[1] == "Reason"));
        Assert.DoesNotContain(parameters, p => p.Split(' ')[1] == "Repository");
        Assert.Contains("Invoke-FluxRevert Path Repository", parameters);
        Assert.All(parameters.Where(p => p.Split(' ')[2].Split(',').Contains("Repository")), p => Assert.Equal("Path", p.Split(' ')[1]));
    }

    [Fact]
    public void Path_defaults_to_the_current_folder_and_AuthorName_signs_the_revert()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        using var clone = _scenario.NewClone();
        var receiverPath = Run("(Get-Command Start-FluxRollbackReceiver).Parameters['Path'].Attributes.Mandatory; (Get-Command Invoke-FluxRollback).Parameters['Path'].Attributes.Mandatory");

        var result = Run("$body | ConvertFrom-FluxEvent | Invoke-FluxRollback -Credential $cred -Cooldown 0 -AuthorName 'On-call Bot' -AuthorEmail oncall@example.test -Confirm:$false 3>$null",
            FluxEventFactory.Kustomization(bad), clone.Path);

        Assert.Empty(result.Errors);
        Assert.Equal("Reverted", Assert.Single(result.Output).Properties["Outcome"].Value?.ToString());
        Assert.Equal("On-call Bot <oncall@example.test>", _scenario.Git("log", "-1", "--format=%an <%ae>", "main"));
        Assert.Equal(["False", "False"], receiverPath.Output.Select(o => o.ToString()));
    }

    public void Dispose()
    {
        _session.Dispose();
        _scenario.Dispose();
    }
}
