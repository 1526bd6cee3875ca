using System.Collections;
using System.Management.Automation;
using FluxOps.Core.Diagnostics;
using FluxOps.Models;
using FluxOps.PowerShell.Bootstrap;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "FluxOpsEnvironment", HelpUri = HelpLinks.Base + "Get-FluxOpsEnvironment.md")]
[OutputType(typeof(FluxOpsEnvironment))]
public sealed class GetFluxOpsEnvironmentCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        var environment = Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        var info = EnvironmentProbe.Collect(environment, home);
        info.ModuleVersion = MyInvocation.MyCommand.Module?.Version?.ToString()
            ?? typeof(ModuleInitializer).Assembly.GetName().Version?.ToString(3) ?? "unknown";
        info.ModulePath = ModuleInitializer.ModuleRoot;
        info.PowerShellVersion = PSVersionInfo()?.ToString() ?? "unknown";
        info.RuntimeIdentifier = NativeRuntime.RuntimeIdentifier;
        info.NativeLibraryPath = ModuleInitializer.LoadContext.LoadedNativeLibrary ?? ModuleInitializer.LoadContext.NativeDirectory;
        WriteObject(info);
    }

    private object? PSVersionInfo() =>
        SessionState.PSVariable.GetValue("PSVersionTable") is Hashtable table ? table["PSVersion"] : null;
}
