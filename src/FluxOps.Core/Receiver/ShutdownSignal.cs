using System.Runtime.InteropServices;

namespace FluxOps.Core.Receiver;

/// <summary>
/// SIGTERM — what Kubernetes, systemd and docker stop send — as a request to drain, not a kill: the default handling
/// (the runtime ends the process at once) is cancelled and <paramref name="onTerminate"/> runs instead, so the receiver
/// stops accepting, finishes or hands back its work, says "receiver stopped", and the process exits 0.
/// </summary>
internal sealed class ShutdownSignal(Action onTerminate) : IDisposable
{
    private readonly PosixSignalRegistration? _registration = Register(onTerminate);

    public void Dispose() => _registration?.Dispose();

    private static PosixSignalRegistration? Register(Action onTerminate)
    {
        ArgumentNullException.ThrowIfNull(onTerminate);
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                onTerminate();
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null; // no SIGTERM here (e.g. a sandbox): Ctrl+C still stops the receiver
        }
    }
}
