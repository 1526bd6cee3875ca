using System.Text;
using System.Text.Json;
using FluxOps.Core.Flux;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Flux;

public sealed class FluxSignatureTests
{
    private const string Key = "s3cr3t-token-no-newline";

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha384")]
    [InlineData("sha512")]
    public void A_body_signed_like_notification_controller_verifies_and_parses(string algorithm)
    {
        var body = FluxEventSamples.Kustomization();
        var header = FluxEventSamples.Sign(body, Key, algorithm);

        var flux = FluxEventParser.Parse(Encoding.UTF8.GetBytes(body), header, Encoding.UTF8.GetBytes(Key), verify: true);

        Assert.True(flux.Verified);
        Assert.Equal("apps", flux.Name);
    }

    [Fact]
    public void Sha224_matches_openssl()
    {
        var body = FluxEventSamples.Kustomization(timestamp: "2025-03-01T10:00:00Z");
        using var dir = new TempDirectory();
        var file = dir.Combine("body.json");
        File.WriteAllText(file, body);
        var openssl = ProcessRunner.Run("openssl", ["dgst", "-sha224", "-hmac", Key, "-r", file]);
        var expected = "sha224=" + openssl.StandardOutput.Split(' ')[0].Trim();

        Assert.Equal(expected, FluxSignature.Sign(Encoding.UTF8.GetBytes(body), Encoding.UTF8.GetBytes(Key), "sha224"));
        FluxSignature.Verify(Encoding.UTF8.GetBytes(body), expected, Encoding.UTF8.GetBytes(Key));
    }

    [Fact]
    public void Re_serialized_json_with_the_same_content_does_not_verify()
    {
        var body = FluxEventSamples.Kustomization();
        var header = FluxEventSamples.Sign(body, Key);
        // System.Text.Json writes '<' where Go wrote \u003c: same event, different bytes.
        var reserialized = JsonSerializer.Serialize(JsonDocument.Parse(body).RootElement, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.NotEqual(body, reserialized);

        var ex = Assert.Throws<FluxEventException>(() => FluxSignature.Verify(Encoding.UTF8.GetBytes(reserialized), header, Encoding.UTF8.GetBytes(Key)));

        Assert.Equal("SignatureMismatch", ex.ErrorId);
    }

    [Fact]
    public void The_key_is_used_byte_exact_so_a_trailing_newline_matters()
    {
        var body = FluxEventSamples.Kustomization();
        var header = FluxEventSamples.Sign(body, Key + "\n");

        Assert.Equal("SignatureMismatch", Assert.Throws<FluxEventException>(() => FluxSignature.Verify(Encoding.UTF8.GetBytes(body), header, Encoding.UTF8.GetBytes(Key))).ErrorId);
        FluxSignature.Verify(Encoding.UTF8.GetBytes(body), header, Encoding.UTF8.GetBytes(Key + "\n"));
        Assert.True(FluxSignature.EndsWithNewline(Encoding.UTF8.GetBytes(Key + "\n")));
        Assert.False(FluxSignature.EndsWithNewline(Encoding.UTF8.GetBytes(Key)));
    }

    [Theory]
    [InlineData(null, "SignatureMissing")]
    [InlineData("", "SignatureMissing")]
    [InlineData("deadbeef", "SignatureMalformed")]
    [InlineData("sha256=zz", "SignatureMalformed")]
    [InlineData("md5=00112233", "SignatureAlgorithmUnsupported")]
    [InlineData("sha256=00", "SignatureMismatch")]
    public void Missing_or_wrong_signatures_fail_as_authentication_errors(string? header, string errorId)
    {
        var ex = Assert.Throws<FluxEventException>(() =>
            FluxEventParser.Parse(Encoding.UTF8.GetBytes(FluxEventSamples.Kustomization()), header, Encoding.UTF8.GetBytes(Key), verify: true));

        Assert.Equal(errorId, ex.ErrorId);
        Assert.True(ex.IsAuthenticationFailure);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_made_with_another_key_or_over_a_tampered_body_fails()
    {
        var body = FluxEventSamples.Kustomization();
        var forged = FluxEventSamples.Sign(body, "attacker-key");
        var genuine = FluxEventSamples.Sign(body, Key);
        var tampered = body.Replace("\"apps\"", "\"infra\"", StringComparison.Ordinal);

        Assert.Equal("SignatureMismatch", Assert.Throws<FluxEventException>(() => FluxSignature.Verify(Encoding.UTF8.GetBytes(body), forged, Encoding.UTF8.GetBytes(Key))).ErrorId);
        Assert.Equal("SignatureMismatch", Assert.Throws<FluxEventException>(() => FluxSignature.Verify(Encoding.UTF8.GetBytes(tampered), genuine, Encoding.UTF8.GetBytes(Key))).ErrorId);
    }

    [Fact]
    public void An_empty_key_is_refused_like_notification_controller_does()
    {
        var ex = Assert.Throws<FluxEventException>(() => FluxSignature.Verify("{}"u8, "sha256=00", []));

        Assert.Equal("HmacKeyEmpty", ex.ErrorId);
    }
}
