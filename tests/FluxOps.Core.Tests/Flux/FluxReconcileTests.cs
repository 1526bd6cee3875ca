using FluxOps.Core.Flux;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Flux;

/// <summary>After a push: ask Flux's Receiver to reconcile now (generic or generic-hmac), or say which commands do it.</summary>
public sealed class FluxReconcileTests
{
    private const string Token = "receiver-token-8d1e";
    private static readonly string Sha = new('a', 40);

    [Fact]
    public void A_generic_hmac_receiver_accepts_the_signed_request()
    {
        using var receiver = new FluxReceiverServer(Token);

        var note = FluxReconcile.After(new ReconcileHook(receiver.WebhookUrl, "receiver-token-8d1e"u8.ToArray()), Sha, [], CancellationToken.None);

        Assert.True(note.Requested);
        Assert.Contains($"\"commit\":\"{Sha}\"", Assert.Single(receiver.Accepted), StringComparison.Ordinal);
        Assert.Equal($"Asked Flux's generic-hmac Receiver at http://{receiver.WebhookUrl.Authority}/hook/… to reconcile aaaaaaa now (HTTP 200).", note.Text);
    }

    [Fact]
    public void A_generic_receiver_needs_no_secret()
    {
        using var receiver = new FluxReceiverServer(null);

        var note = FluxReconcile.After(new ReconcileHook(receiver.WebhookUrl, null), Sha, [], CancellationToken.None);

        Assert.True(note.Requested);
        Assert.Single(receiver.Accepted);
    }

    [Fact]
    public void A_wrong_secret_or_path_is_a_note_that_never_shows_the_webhook_path()
    {
        using var receiver = new FluxReceiverServer(Token);
        var digest = receiver.WebhookPath["/hook/".Length..];

        var wrongSecret = FluxReconcile.After(new ReconcileHook(receiver.WebhookUrl, "nope"u8.ToArray()), Sha, ["Kustomization/flux-system/apps"], CancellationToken.None);
        var wrongPath = FluxReconcile.After(new ReconcileHook(new Uri(receiver.WebhookUrl, "/hook/0000"), "receiver-token-8d1e"u8.ToArray()), Sha, [], CancellationToken.None);

        Assert.False(wrongSecret.Requested);
        Assert.Contains("HTTP 401: check -ReconcileSecret", wrongSecret.Text, StringComparison.Ordinal);
        Assert.Contains("'flux reconcile kustomization apps -n flux-system --with-source'", wrongSecret.Text, StringComparison.Ordinal);
        Assert.False(wrongPath.Requested);
        Assert.Contains("HTTP 404: no Receiver has this path", wrongPath.Text, StringComparison.Ordinal);
        Assert.Empty(receiver.Accepted);
        Assert.DoesNotContain(digest, wrongSecret.Text + wrongPath.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_receiver_is_a_note_too()
    {
        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}/hook/0123456789abcdef");

        var note = FluxReconcile.After(new ReconcileHook(url, null), Sha, [], CancellationToken.None);

        Assert.False(note.Requested);
        Assert.StartsWith($"Could not reach Flux's Receiver at http://127.0.0.1:{port}/hook/… (", note.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", note.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_receiver_the_note_names_the_commands()
    {
        var note = FluxReconcile.After(null, Sha, ["Kustomization/flux-system/apps", "HelmRelease/apps/podinfo"], CancellationToken.None);

        Assert.Null(note.Requested);
        Assert.Contains("'flux reconcile kustomization apps -n flux-system --with-source' and 'flux reconcile helmrelease podinfo -n apps --with-source'",
            note.Text, StringComparison.Ordinal);
    }
}
