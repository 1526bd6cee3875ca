using System.Management.Automation;

namespace FluxOps.PowerShell.Internal;

/// <summary>
/// How a failed gate fails the CI job whatever runs the script. The cmdlet throws a terminating error (what
/// <c>$ErrorActionPreference = 'Stop'</c>, GitHub Actions' and Azure Pipelines' wrappers and GitLab's <c>if(!$?)</c> act
/// on) and, like a native tool, sets <c>$LASTEXITCODE</c> to 1. A terminating error from a cmdlet only ends its statement,
/// so <c>pwsh -File ci.ps1</c> would run on and exit 0: when the console host runs a script or command (not an interactive
/// prompt, which must stay open), the process exit code is also set to 1 through the host, so the job fails even when
/// later statements run. A script that handles the failure on purpose ends with an explicit <c>exit 0</c>.
/// </summary>
internal static class GateExit
{
    public const int ExitCode = 1;

    private static readonly string[] ValueSwitches =
        ["executionpolicy", "ex", "ep", "inputformat", "in", "if", "outputformat", "o", "of", "workingdirectory", "wd", "wo",
         "configurationname", "config", "custompipename", "settingsfile", "windowstyle", "configurationfile", "psconsolefile"];

    public static void Fail(PSCmdlet cmdlet)
    {
        ArgumentNullException.ThrowIfNull(cmdlet);
        cmdlet.SessionState.PSVariable.Set("global:LASTEXITCODE", ExitCode);
        if (cmdlet.Host.Name == "ConsoleHost" && RunsScript(Environment.GetCommandLineArgs()))
        {
            cmdlet.Host.SetShouldExit(ExitCode);
        }
    }

    /// <summary>True when pwsh's command line runs a script file, a command or stdin and then exits (no -NoExit).</summary>
    internal static bool RunsScript(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var noExit = false;
        for (var i = 1; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (i == 1 && argument.EndsWith("pwsh.dll", StringComparison.OrdinalIgnoreCase))
            {
                continue; // dotnet pwsh.dll ...: the first argument is the host itself
            }

            if (argument.Length < 2 || (argument[0] != '-' && argument[0] != '/'))
            {
                return !noExit; // a positional script file
            }

            var name = argument.TrimStart('-', '/').ToLowerInvariant();
            if (name.Length >= 3 && "noexit".StartsWith(name, StringComparison.Ordinal))
            {
                noExit = true;
                continue;
            }

            if ("command".StartsWith(name, StringComparison.Ordinal) || "file".StartsWith(name, StringComparison.Ordinal)
                || name is "cwa" or "e" or "ec" || (name.Length >= 3 && ("commandwithargs".StartsWith(name, StringComparison.Ordinal) || "encodedcommand".StartsWith(name, StringComparison.Ordinal))))
            {
                return !noExit; // everything after -Command or -File belongs to the script
            }

            if (ValueSwitches.Contains(name))
            {
                i++;
            }
        }

        return false;
    }
}
