using FluxOps.Core.Processes;
using FluxOps.Testing;
using Runner = FluxOps.Core.Processes.ProcessRunner;

namespace FluxOps.Core.Tests.Processes;

/// <summary>The one process runner, driven with real programs (sh, cat, printf, head, sleep).</summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class ProcessRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new("fluxops-runner");

    [Fact]
    public void Standard_input_is_delivered_and_then_closed()
    {
        var input = "protocol=https\nhost=git.example\n\n";

        var result = Runner.Run(new ProcessRequest("cat", []) { StandardInput = input }, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input, result.StandardOutput);
    }

    [Fact]
    public void A_child_that_never_reads_its_input_does_not_block_the_runner()
    {
        var result = Runner.Run(new ProcessRequest("true", []) { StandardInput = new string('x', 4 * 1024 * 1024) }, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Environment_overrides_reach_the_child_and_a_null_value_removes_an_inherited_variable()
    {
        var request = new ProcessRequest("sh", ["-c", "printf '%s|%s' \"$FLUXOPS_RUNNER_TEST\" \"${HOME-unset}\""])
        {
            Environment = new Dictionary<string, string?> { ["FLUXOPS_RUNNER_TEST"] = "given", ["HOME"] = null },
        };

        var result = Runner.Run(request, CancellationToken.None);

        Assert.Equal("given|unset", result.StandardOutput);
    }

    [Fact]
    public void Arguments_reach_the_program_verbatim_and_no_shell_interprets_them()
    {
        var hostile = "a b; touch pwned $(touch pwned2) `touch pwned3` | tee pwned4";

        var result = Runner.Run(new ProcessRequest("printf", ["%s", hostile]) { WorkingDirectory = _dir.Path }, CancellationToken.None);

        Assert.Equal(hostile, result.StandardOutput);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void A_program_that_is_not_installed_is_a_clear_FluxOpsException()
    {
        var program = "fluxops-no-such-program-" + Guid.NewGuid().ToString("N")[..8];

        var ex = Assert.Throws<FluxOpsException>(() => Runner.Run(new ProcessRequest(program, ["get"]), CancellationToken.None));

        Assert.Equal(Runner.NotInstalled, ex.ErrorId);
        Assert.Equal(FailureKind.ObjectNotFound, ex.Kind);
        Assert.Contains(program, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not installed or not on PATH", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_working_folder_is_not_mistaken_for_a_missing_program()
    {
        var missing = _dir.Combine("gone");

        var ex = Assert.Throws<FluxOpsException>(() => Runner.Run(new ProcessRequest("true", []) { WorkingDirectory = missing }, CancellationToken.None));

        Assert.Equal(Runner.NotStarted, ex.ErrorId);
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_zero_exit_is_a_result_and_both_streams_pass_the_redaction_hook()
    {
        var request = new ProcessRequest("sh", ["-c", "echo 'out token=s3cr3t-value'; echo 'err token=s3cr3t-value' >&2; exit 7"])
        {
            Redact = text => text.Replace("s3cr3t-value", "***", StringComparison.Ordinal),
        };

        var result = Runner.Run(request, CancellationToken.None);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("out token=***\n", result.StandardOutput);
        Assert.Equal("err token=***\n", result.StandardError);
    }

    [Fact]
    public void A_timeout_kills_the_program_and_everything_it_started()
    {
        var pidFile = _dir.Combine("grandchild.pid");
        var request = new ProcessRequest("sh", ["-c", $"sleep 300 & echo $! > '{pidFile}'; wait"])
        {
            Timeout = TimeSpan.FromSeconds(1),
            DisplayName = "the sleeper",
            Redact = text => text.Replace("sleeper", "s***r", StringComparison.Ordinal),
        };

        var ex = Assert.Throws<FluxOpsException>(() => Runner.Run(request, CancellationToken.None));

        Assert.Equal(Runner.TimedOut, ex.ErrorId);
        Assert.Equal("the s***r did not finish within 1 s and was stopped.", ex.Message);
        AssertExited(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Cancellation_kills_the_program_tree_and_surfaces_as_cancellation()
    {
        var pidFile = _dir.Combine("grandchild.pid");
        using var cancel = new CancellationTokenSource();
        var request = new ProcessRequest("sh", ["-c", $"sleep 300 & echo $! > '{pidFile}'; wait"]);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(500));

        Assert.ThrowsAny<OperationCanceledException>(() => Runner.Run(request, cancel.Token));

        Assert.True(File.Exists(pidFile), "the child had started its own child before the cancellation");
        AssertExited(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Output_beyond_the_cap_is_drained_and_counted_but_never_kept()
    {
        const long printed = 300_000_000;
        const int cap = 64 * 1024;
        var request = new ProcessRequest("sh", ["-c", $"head -c {printed} /dev/zero; head -c {printed} /dev/zero >&2"]) { MaxOutputChars = cap };
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var result = Runner.Run(request, CancellationToken.None);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.StandardOutputTruncated && result.StandardErrorTruncated);
        Assert.StartsWith(new string('\0', cap) + "\n[FluxOps kept the first 65,536 characters of this output and dropped 299,934,464 more]",
            result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("dropped 299,934,464 more", result.StandardError, StringComparison.Ordinal);
        // Keeping 600 MB of output as .NET strings would allocate over 1.2 GB; the runner allocates a fixed amount.
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated:N0} bytes while draining {2 * printed:N0} bytes of output");
    }

    private static void AssertExited(int pid)
    {
        // Killed processes may linger briefly as zombies until reaped; either way they no longer run.
        var stat = $"/proc/{pid}/stat";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (File.Exists(stat) && ReadState(stat) != 'Z' && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.False(File.Exists(stat) && ReadState(stat) != 'Z', $"process {pid} is still running");
    }

    private static char ReadState(string stat)
    {
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0];
        }
        catch (IOException)
        {
            return 'Z';
        }
    }

    public void Dispose() => _dir.Dispose();
}

/// <summary>Runs alone: its tests measure process-wide allocation, which parallel tests would blur.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "Process runner memory";
}
