namespace FluxOps.Core.Receiver;

/// <summary>How the HTTP receiver listens and what it accepts.</summary>
internal sealed class ReceiverOptions
{
    public int Port { get; set; }

    /// <summary>Listen address: an IP or host name, or <c>+</c> for every interface.</summary>
    public string Address { get; set; } = "127.0.0.1";

    public string HookPath { get; set; } = "/hooks/flux";

    /// <summary>Larger bodies get 413 unread. Flux caps a message at 39,000 characters; Azure webhooks at 512 KB.</summary>
    public int MaxBodyBytes { get; set; } = 512 * 1024;

    /// <summary>Events whose timestamp is older than this are refused as replays.</summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Object kinds accepted at the door (others get 422).</summary>
    public IReadOnlyCollection<string> Kinds { get; set; } = ["Kustomization", "HelmRelease"];

    /// <summary>Shadow mode: listen and decide as usual, log WouldRevert, never revert or push.</summary>
    public bool Shadow { get; set; }

    // HttpListener matches requests by the prefix's host, so "all addresses" must be its wildcard, not 0.0.0.0:
    // in a pod, requests arrive for the Service name and would never match a literal address.
    public string Prefix => $"http://{(Address is "0.0.0.0" or "::" or "[::]" or "+" ? "*" : Address)}:{Port}/";
}
