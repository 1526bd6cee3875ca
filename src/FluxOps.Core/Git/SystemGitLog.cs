using System.Globalization;

namespace FluxOps.Core.Git;

/// <summary>
/// The history question asked of the system git, for long walks when git is on PATH (see
/// <see cref="GitTransports.PreferSystemGit"/>): git reads packed history faster than libgit2's object reads. Runs the
/// plumbing <c>git rev-list</c> (the walk behind git log, untouched by log.* settings such as log.follow) with literal
/// pathspecs and without replace refs, which libgit2 does not apply either; <see cref="RevisionWalk"/> gives the same
/// commits in the same order (tested on generated histories).
/// </summary>
internal static class SystemGitLog
{
    /// <summary>
    /// Shas newest first; what git printed before a failure (a commit missing from a cut-short clone) comes out
    /// before the error, as with the native walk.
    /// </summary>
    public static IEnumerable<string> Log(string gitDirectory, string start, string? hide, long? sinceUnixSeconds, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var arguments = new List<string> { "--git-dir=" + gitDirectory, "--no-replace-objects", "--literal-pathspecs", "rev-list" };
        if (sinceUnixSeconds is { } since)
        {
            arguments.Add("--max-age=" + since.ToString(CultureInfo.InvariantCulture));
        }

        if (hide is not null)
        {
            arguments.Add("^" + hide); // before start, as git log hide..start queues them: it decides ties between equal dates
        }

        arguments.Add(start);
        arguments.Add("--");
        arguments.AddRange(paths);
        var result = SystemGit.Run(gitDirectory, arguments, credential: null, cancellationToken);
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return line;
        }

        if (result.ExitCode != 0)
        {
            var why = string.Join(" ", result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));
            throw new GitOperationException("HistoryIncomplete", FailureKind.ObjectNotFound,
                $"git rev-list could not walk the history ({why}). Fetch the missing history (git fetch), or check that the clone is not damaged.",
                gitDirectory);
        }
    }
}
