using System.Management.Automation;
using FluxOps.Core;
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
    private RollbackEngine? _engine;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public FluxEvent Event { get; set; } = new();

    protected override void BeginProcessing()
    {
        try
        {
            var repository = OpenRollbackRepository();
            _engine = new RollbackEngine(repository, PolicyOptions(repository.Branch)) { Reconcile = AfterPush.Hook(this, ReconcileUrl, ReconcileSecret) };
        }
        catch (FluxOpsException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, RepositoryTarget));
        }
    }

    protected override void ProcessRecord()
    {
        var engine = _engine!;
        if (!Event.Verified)
        {
            WriteWarning($"{Event}: the event's signature was not verified (ConvertFrom-FluxEvent -Secret); deciding anyway because you asked.");
        }

        try
        {
            // The engine screens, deduplicates, reads the branch once and asks here before it writes anything.
            var decision = engine.Handle(Event, verdict => ShouldProcess($"{engine.Location} ({engine.Branch})", $"Revert {verdict.BadSha} and push: {verdict.Message}"),
                _cancellation.Token);
            WriteVerbose($"{decision.Outcome} ({decision.Reason}): {decision.Message}");
            WriteObject(decision);
            AfterPush.Tell(this, [decision.Revert]);
        }
        catch (FluxOpsException ex)
        {
            WriteError(ErrorRecords.From(ex, Event.Revision));
        }
    }

    protected override void EndProcessing() => _cancellation.Dispose();

    protected override void StopProcessing() => _cancellation.Cancel();
}
