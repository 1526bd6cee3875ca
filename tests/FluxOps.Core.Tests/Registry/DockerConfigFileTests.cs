using System.Text;
using FluxOps.Core.Registry;

namespace FluxOps.Core.Tests.Registry;

public sealed class DockerConfigFileTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Reads_auths_under_every_key_spelling_docker_writes()
    {
        var file = DockerConfigFile.Parse($$$"""
            {"auths": {
              "https://index.docker.io/v1/": {"auth": "{{{B64("hubuser:hubpass")}}}"},
              "http://registry.lab:5000/v2/": {"auth": "{{{B64("lab:p:w")}}}"},
              "ghcr.io": {"username": "octo", "password": "ghp_x"}
            }}
            """, "test.json");

        Assert.Equal("hubuser", file.InlineCredentialFor("docker.io", "library/nginx")!.Username);
        var lab = file.InlineCredentialFor("registry.lab:5000", "app")!;
        Assert.Equal(("lab", "p:w"), (lab.Username, lab.Password));
        Assert.Equal("octo", file.InlineCredentialFor("ghcr.io", "acme/app")!.Username);
        Assert.Null(file.InlineCredentialFor("quay.io", "x/y"));
    }

    [Fact]
    public void Prefers_the_most_specific_repository_key_of_containers_auth_json()
    {
        var file = DockerConfigFile.Parse($$$"""
            {"auths": {"quay.io": {"auth": "{{{B64("general:a")}}}"} , "quay.io/team": {"auth": "{{{B64("team:b")}}}"} } }
            """, "auth.json");

        Assert.Equal("team", file.InlineCredentialFor("quay.io", "team/app")!.Username);
        Assert.Equal("general", file.InlineCredentialFor("quay.io", "other/app")!.Username);
    }

    [Fact]
    public void Reads_identity_tokens_helpers_and_the_default_store()
    {
        var file = DockerConfigFile.Parse("""
            {"auths": {"myacr.azurecr.io": {"identitytoken": "refresh-me"}},
             "credHelpers": {"123.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"},
             "credsStore": "desktop"}
            """, "config.json");

        var acr = file.InlineCredentialFor("myacr.azurecr.io", "app")!;
        Assert.Null(acr.Username);
        Assert.Equal("refresh-me", acr.IdentityToken);
        Assert.Equal("ecr-login", file.HelperFor("123.dkr.ecr.eu-west-1.amazonaws.com"));
        Assert.Null(file.HelperFor("ghcr.io"));
        Assert.Equal("desktop", file.CredsStore);
    }

    [Fact]
    public void A_broken_auth_value_is_reported_by_location_without_its_content()
    {
        var file = DockerConfigFile.Parse("""{"auths": {"ghcr.io": {"auth": "not base64 hunter2!"}}}""", "/tmp/config.json");

        var error = Assert.Throws<FormatException>(() => file.InlineCredentialFor("ghcr.io", "a/b"));
        Assert.Contains("/tmp/config.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
