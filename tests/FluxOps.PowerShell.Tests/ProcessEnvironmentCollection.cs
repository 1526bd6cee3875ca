namespace FluxOps.PowerShell.Tests;

/// <summary>
/// Tests that change process-wide environment variables (DOCKER_CONFIG and friends) run one at a time, so one
/// class's credential setup never leaks into another's assertions.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}
