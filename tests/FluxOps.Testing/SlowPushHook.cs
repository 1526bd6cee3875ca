namespace FluxOps.Testing;

/// <summary>A pre-receive hook on the scenario's bare remote that makes every push slow and says when one started.</summary>
public sealed class SlowPushHook : IDisposable
{
    private readonly TempDirectory _state = new("fluxops-hook");
    private readonly string _hook;

    private SlowPushHook(FluxRepoScenario scenario, TimeSpan delay)
    {
        File.SetUnixFileMode(_state.Path, (UnixFileMode)0b111_111_111); // the hook runs as the git server's user
        _hook = Path.Combine(scenario.BarePath, "hooks", "pre-receive");
        File.WriteAllText(_hook, $"#!/bin/sh\ncat >/dev/null\ntouch '{Started}'\nsleep {delay.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}\n");
        File.SetUnixFileMode(_hook, (UnixFileMode)0b111_101_101);
    }

    public string Started => Path.Combine(_state.Path, "push-started");

    public static SlowPushHook Install(FluxRepoScenario scenario, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new SlowPushHook(scenario, delay);
    }

    public async Task WaitUntilStartedAsync()
    {
        for (var i = 0; i < 600 && !File.Exists(Started); i++)
        {
            await Task.Delay(50);
        }

        if (!File.Exists(Started))
        {
            throw new TimeoutException("No push reached the remote's pre-receive hook within 30 s.");
        }
    }

    public void Dispose()
    {
        File.Delete(_hook);
        _state.Dispose();
    }
}
