using FluxOps.Core.Http;

namespace FluxOps.Core.Tests.Http;

/// <summary>What of a URL or a server's text may reach a message.</summary>
public sealed class HttpRedactionTests
{
    [Theory]
    [InlineData("https://user:s3cret@registry.example:5000/v2/app/manifests/v1?token=abc#frag", "https://registry.example:5000/v2/app/manifests/v1")]
    [InlineData("http://127.0.0.1:8080/repos/acme/fleet/commits?sha=main&access_token=abc", "http://127.0.0.1:8080/repos/acme/fleet/commits")]
    [InlineData("ssh://git:pw@host/x?y", "ssh://host/x")]
    [InlineData("", "")]
    public void A_url_keeps_scheme_host_and_path_only(string url, string expected) =>
        Assert.Equal(expected, HttpRedaction.Url(url));

    [Fact]
    public void Text_loses_user_info_queries_and_named_secrets()
    {
        const string text = "could not fetch https://ci:glpat-123@gitlab.example/api?private_token=glpat-123 (token glpat-123, escaped a%2Bb)";

        var redacted = HttpRedaction.Text(text, "glpat-123", "a+b", null);

        Assert.Equal("could not fetch https://gitlab.example/api (token ***, escaped ***)", redacted);
    }
}
