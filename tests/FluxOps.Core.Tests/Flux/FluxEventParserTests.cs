using System.Text;
using FluxOps.Core.Flux;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Flux;

public sealed class FluxEventParserTests
{
    [Fact]
    public void Reads_every_field_notification_controller_sends()
    {
        var body = FluxEventSamples.Kustomization(timestamp: "2025-03-01T10:00:00Z");

        var flux = FluxEventParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal("Kustomization", flux.Kind);
        Assert.Equal("flux-system", flux.Namespace);
        Assert.Equal("apps", flux.Name);
        Assert.Equal("7d0cdc51-ddcf-4743-b223-83ca5c699632", flux.Uid);
        Assert.Equal("error", flux.Severity);
        Assert.Equal("ReconciliationFailed", flux.Reason);
        Assert.StartsWith("Deployment/apps/web dry-run failed (Invalid)", flux.Message, StringComparison.Ordinal);
        Assert.Contains("<nil>", flux.Message, StringComparison.Ordinal);
        Assert.Equal("main@sha1:" + FluxEventSamples.Sha, flux.Revision);
        Assert.Equal(FluxEventSamples.Sha, flux.Sha);
        Assert.Equal("main", flux.Branch);
        Assert.Equal(RevisionKind.GitCommit, flux.RevisionKind);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), flux.Timestamp);
        Assert.Equal("kustomize-controller", flux.Controller);
        Assert.Equal("kustomize-controller-7c7b47f5f-8bhrp", flux.ReportingInstance);
        Assert.False(flux.Verified);
    }

    [Fact]
    public void Prefers_origin_revision_like_flux_event_GetRevision()
    {
        var body = """{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps"},"severity":"error","timestamp":"2025-03-01T10:00:00Z","message":"x","reason":"HealthCheckFailed","metadata":{"originRevision":"main@sha1:1eabc9a41ca088515cab83f1cce49eb43e84b67f","revision":"latest@sha256:d3b0a8a1c0b5e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819"},"reportingController":"kustomize-controller"}""";

        var flux = FluxEventParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal(FluxEventSamples.Sha, flux.Sha);
        Assert.Equal(RevisionKind.GitCommit, flux.RevisionKind);
    }

    [Fact]
    public void Accepts_the_prefixed_key_the_old_provider_docs_show_and_the_legacy_revision_format()
    {
        var body = """{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps"},"severity":"error","timestamp":"2025-03-01T10:00:00Z","message":"x","reason":"HealthCheckFailed","metadata":{"kustomize.toolkit.fluxcd.io/revision":"main/1eabc9a41ca088515cab83f1cce49eb43e84b67f"},"reportingController":"kustomize-controller"}""";

        var flux = FluxEventParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal(FluxEventSamples.Sha, flux.Sha);
        Assert.Equal("main", flux.Branch);
    }

    [Fact]
    public void An_oci_revision_is_parsed_but_has_no_commit()
    {
        var body = FluxEventSamples.Kustomization(revision: "latest@sha256:d3b0a8a1c0b5e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819");

        var flux = FluxEventParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal(RevisionKind.Digest, flux.RevisionKind);
        Assert.Null(flux.Sha);
    }

    [Theory]
    [InlineData("not json", "FluxEventMalformedJson")]
    [InlineData("[1,2]", "FluxEventMalformedJson")]
    [InlineData("""{"severity":"error"}""", "FluxEventMissingField")]
    [InlineData("""{"involvedObject":{"kind":"Kustomization","name":"a"},"severity":"error","timestamp":"yesterday"}""", "FluxEventMalformedField")]
    [InlineData("""{"involvedObject":{"kind":"Kustomization","name":"a"},"timestamp":"2025-03-01T10:00:00Z"}""", "FluxEventMissingField")]
    public void Malformed_bodies_fail_with_a_stable_id(string body, string errorId)
    {
        var ex = Assert.Throws<FluxEventException>(() => FluxEventParser.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(errorId, ex.ErrorId);
        Assert.False(ex.IsAuthenticationFailure);
    }
}
