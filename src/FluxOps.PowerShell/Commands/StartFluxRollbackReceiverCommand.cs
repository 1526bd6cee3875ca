using System.Collections.Concurrent;
using System.Management.Automation;
using System.Net;
using System.Security;
using FluxOps.Core;
using FluxOps.Core.Receiver;
using FluxOps.Core.Rollback;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

/// <summary>
/// Runs the webhook receiver until Ctrl+C. The HTTP threads and the repository worker never call Write*: they put log
/// lines and decisions on a queue that this (pipeline) thread drains.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "FluxRollbackReceiver", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(RollbackDecision))]
public sealed class StartFluxRollbackReceiverCommand : RollbackCommandBase
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly BlockingCollection<object> _outbox = new();

    [Parameter(Mandatory = true)]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = "127.0.0.1";

    [Parameter(Mandatory = true)]
    public SecureString Secret { get; set; } = new();

    [Parameter]
    [ValidatePattern("^/")]
    public string HookPath { get; set; } = "/hooks/flux";

    [Parameter]
    [ValidateRange(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 512 * 1024;

    [Parameter]
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromMinutes(30);

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Listen and decide, log WouldRevert, never revert or push: how a team tries the policy on real alerts first.</summary>
    [Parameter]
    public SwitchParameter Shadow { get; set; }

    protected override void EndProcessing()
    {
        var key = SecretBytes.Utf8(Secret);
        if (key.Length == 0)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument("HmacKeyEmpty", "The -Secret is empty; notification-controller refuses an empty HMAC key too.", null));
        }

        if (Core.Flux.FluxSignature.EndsWithNewline(key))
        {
            WriteWarning("The -Secret ends with a newline. notification-controller 1.7+ signs with the Secret's token byte-exact; both must match.");
        }

        IRollbackRepository repository;
        try
        {
            repository = OpenRollbackRepository();
        }
        catch (FluxOpsException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, RepositoryTarget));
            return;
        }

        var options = new ReceiverOptions { Port = Port, Address = Address, HookPath = HookPath, MaxBodyBytes = MaxBodyBytes, MaxEventAge = MaxEventAge, Shadow = Shadow };
        var hook = AfterPush.Hook(this, ReconcileUrl, ReconcileSecret);
        if (!ShouldProcess($"{options.Prefix.TrimEnd('/')}{HookPath} -> {repository.Location} ({repository.Branch})",
            Shadow ? "Listen for Flux alerts and log what would be reverted (shadow mode: nothing is pushed)" : "Listen for Flux alerts and revert failing commits"))
        {
            return;
        }

        var log = new ReceiverLog(line => _outbox.Add(line));
        var engine = new RollbackEngine(repository, PolicyOptions(repository.Branch)) { Reconcile = hook };
        using var receiver = new RollbackReceiver(options, key, engine, log, decision =>
        {
            if (PassThru && decision.Reason != RollbackReason.Duplicate)
            {
                _outbox.Add(decision);
            }
        });
        Array.Clear(key);
        try
        {
            receiver.Start(_cancellation.Token);
        }
        catch (HttpListenerException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ReceiverListenFailed", ErrorCategory.ResourceUnavailable, options.Prefix));
        }

        try
        {
            foreach (var item in _outbox.GetConsumingEnumerable(_cancellation.Token))
            {
                Emit(item);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or StopProcessing: fall through to a clean stop.
        }
        finally
        {
            receiver.Stop();
            try
            {
                while (_outbox.TryTake(out var item))
                {
                    Emit(item);
                }
            }
            catch (PipelineStoppedException)
            {
                // Ctrl+C: the pipeline no longer takes output; the log lines were already counted in /metrics.
            }
        }
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    private void Emit(object item)
    {
        if (item is string line)
        {
            // Shown like Write-Host (stdout in a container), and capturable as the information stream (6>).
            WriteInformation(new HostInformationMessage { Message = line }, ["PSHOST", "FluxOps.Receiver"]);
        }
        else
        {
            WriteObject(item);
        }
    }
}
