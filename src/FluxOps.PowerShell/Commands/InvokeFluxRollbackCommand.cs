using System.Management.Automation;
using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Rollback;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

/// <summary>
/// Applies the rollback policy to Flux events: one decision object per event, and at most one revert per bad commit
/// however often the event arrives (in this pipeline, in other receivers, or after a restart).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "FluxRollback", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(RollbackDecision))]
public sealed class InvokeFluxRollbackCommand : RollbackCommandBase
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly EventDeduplicator _deduplicator = new(TimeSpan.FromHours(1));
    private RollbackEngine? _engine;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public FluxEvent Event { get; set; } = new();

    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = UrlSet)]
    public SwitchParameter PullRequest { get; set; }

    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(Mandatory = true, ParameterSetName = RestSet)]
    public PullRequestProvider? Provider { get; set; }

    /// <summary>REST mode: GitHub/GitLab "owner/name" (GitLab: full path or numeric id), Azure DevOps "organization/project/repository".</summary>
    [Parameter(Mandatory = true, ParameterSetName = RestSet)]
    [ValidateNotNullOrEmpty]
    public string Repository { get; set; } = string.Empty;

    [Parameter]
    public string? ApiUrl { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            IRollbackRepository repository = ParameterSetName == RestSet
                ? new RestRollbackRepository(HostingProviders.Connect(Hosting() with { Repository = Repository }), Branch ?? "main")
                : OpenRepository(PullRequest ? "fluxops/revert-{shortsha}" : null);
            _engine = new RollbackEngine(repository, PolicyOptions(repository.Branch));
        }
        catch (GitOperationException ex)
        {
            ThrowTerminatingError(GitCommandSupport.ToErrorRecord(ex, ParameterSetName switch { UrlSet => RepositoryUrl, RestSet => Repository, _ => Path }));
        }
    }

    protected override void ProcessRecord()
    {
        var engine = _engine!;
        if (!Event.Verified)
        {
            WriteWarning($"{Event}: the event's signature was not verified (ConvertFrom-FluxEvent -Secret); deciding anyway because you asked.");
        }

        if (RollbackPolicy.Screen(Event, engine.Options) is null && !_deduplicator.TryAdd(EventDeduplicator.KeyOf(Event), DateTimeOffset.UtcNow))
        {
            WriteObject(new RollbackDecision
            {
                Outcome = RollbackOutcome.Skipped,
                Reason = RollbackReason.Duplicate,
                Message = $"{RollbackPolicy.SourceOf(Event)}: same object, revision and reason as an event already handled.",
                Event = Event,
                DecidedAt = DateTimeOffset.UtcNow,
            });
            return;
        }

        try
        {
            var decision = engine.Handle(Event, whatIf: true, _cancellation.Token);
            if (decision.Outcome == RollbackOutcome.WouldRevert &&
                ShouldProcess($"{engine.Repository.Location} ({engine.Repository.Branch})", $"Revert {decision.BadSha} and push: {decision.Message}"))
            {
                decision = engine.Handle(Event, whatIf: false, _cancellation.Token);
                if (PullRequest && decision.Revert is { Pushed: true } pushed)
                {
                    PullRequestPublisher.Publish(Hosting() with { RemoteUrl = ((GitRollbackRepository)engine.Repository).RemoteUrl },
                        new PullRequestProposal(engine.Repository.Branch, [pushed], decision.Message) { Event = Event }, WriteVerbose, _cancellation.Token);
                }
            }

            WriteVerbose($"{decision.Outcome} ({decision.Reason}): {decision.Message}");
            WriteObject(decision);
        }
        catch (GitOperationException ex)
        {
            _deduplicator.Forget(EventDeduplicator.KeyOf(Event));
            WriteError(GitCommandSupport.ToErrorRecord(ex, Event.Revision));
        }
    }

    protected override void EndProcessing() => _cancellation.Dispose();

    protected override void StopProcessing() => _cancellation.Cancel();

    private HostingTarget Hosting() => new() { Provider = Provider, ApiUrl = ApiUrl, Token = Credential?.GetNetworkCredential().Password };
}
