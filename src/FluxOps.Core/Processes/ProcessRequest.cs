namespace FluxOps.Core.Processes;

/// <summary>
/// One run of an external program: what to start, with which arguments (a list, never a shell string), where, with
/// which environment changes and input, and how long and how much output FluxOps is prepared to wait for.
/// </summary>
internal sealed record ProcessRequest(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>What a helper may print before FluxOps stops keeping it: far above any real answer, far below harm.</summary>
    public const int DefaultMaxOutputChars = 1024 * 1024;

    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set for the child on top of FluxOps' own environment; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Text written to the child's standard input, which is then closed. Without it the child reads end-of-file
    /// at once, so nothing can wait for a person to type.</summary>
    public string? StandardInput { get; init; }

    /// <summary>After this the child and everything it started are killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Characters kept per stream; the rest is read and dropped so the child never blocks on a full pipe.</summary>
    public int MaxOutputChars { get; init; } = DefaultMaxOutputChars;

    /// <summary>Applied to captured output and to every message the runner writes, so callers' secrets stay out of
    /// errors. Leave null only when the output itself is the secret the caller asked for (and never shown).</summary>
    public Func<string, string>? Redact { get; init; }

    /// <summary>How messages name the run (e.g. "git fetch"); the program name when not set. Never put secrets here.</summary>
    public string? DisplayName { get; init; }

    internal string Describe() => DisplayName ?? Program;
}

/// <summary>How a finished run ended. Truncated streams end with a note saying how much was kept.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, bool StandardOutputTruncated, bool StandardErrorTruncated);
