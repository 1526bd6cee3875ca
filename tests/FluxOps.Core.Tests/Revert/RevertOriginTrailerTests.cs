using FluxOps.Core.Revert;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Revert;

/// <summary>Who decided a revert is written in the trailer block and read back only from there.</summary>
public sealed class RevertOriginTrailerTests
{
    private static readonly string Sha = new('c', 40);

    [Fact]
    public void Trigger_and_decider_round_trip()
    {
        var manual = FluxOpsTrailers.Read(FluxOpsTrailers.Format([Sha], "typo", [], RevertOrigin.Person("Ops Engineer", "ops@example.test")))!;
        var automation = FluxOpsTrailers.Read(FluxOpsTrailers.Format([Sha], "x", [], new RevertOrigin(RevertTrigger.Automation, "rollback policy on\nhost/1")))!;

        Assert.Equal(RevertTrigger.Manual, manual.Trigger);
        Assert.Equal("Ops Engineer <ops@example.test>", manual.DecidedBy);
        Assert.Equal(RevertTrigger.Automation, automation.Trigger);
        Assert.Equal("rollback policy on host/1", automation.DecidedBy); // one line, as every trailer value
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2")]
    [InlineData("automatic")]
    public void A_missing_or_unknown_trigger_is_Unknown_which_the_circuit_breaker_counts(string? value)
    {
        var message = "Revert \"x\"\n\nReverted-by: FluxOps\nFluxops-Reverts: " + Sha + "\n" + (value is null ? string.Empty : "Fluxops-Trigger: " + value + "\n");

        Assert.Equal(RevertTrigger.Unknown, FluxOpsTrailers.Read(message)!.Trigger);
    }
}
