using System.Net;
using System.Net.Sockets;

namespace FluxOps.Core.Receiver;

/// <summary>How the HTTP receiver listens, what it accepts, and the limits that keep it up (docs/security.md lists them).</summary>
internal sealed class ReceiverOptions
{
    public int Port { get; set; }

    /// <summary>Listen address: an IP or host name, or <c>+</c>, <c>*</c>, <c>0.0.0.0</c> or <c>::</c> for every interface.</summary>
    public string Address { get; set; } = "127.0.0.1";

    public string HookPath { get; set; } = "/hooks/flux";

    /// <summary>Larger bodies get 413 unread. Flux caps a message at 39,000 characters; Azure webhooks at 512 KB.</summary>
    public int MaxBodyBytes { get; set; } = 512 * 1024;

    /// <summary>Events whose timestamp is older than this are refused as replays.</summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Events dated further ahead than this are refused: a clock may be off a little, an event from the future is forged.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Object kinds accepted at the door (others get 422).</summary>
    public IReadOnlyCollection<string> Kinds { get; set; } = ["Kustomization", "HelmRelease"];

    /// <summary>Shadow mode: listen and decide as usual, log WouldRevert, never revert or push.</summary>
    public bool Shadow { get; set; }

    /// <summary>The request line and headers must arrive within this (from the first byte, or from the connection's start).</summary>
    public TimeSpan HeaderTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The whole body must arrive within this once the head was read.</summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A kept-alive connection with no new request for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Request line plus headers; more is answered 431.</summary>
    public int MaxHeaderBytes { get; set; } = 16 * 1024;

    /// <summary>Open connections. At the limit the connection that has waited longest for request bytes is closed for a new one; when none is waiting, the new one gets 503.</summary>
    public int MaxConnections { get; set; } = 256;

    /// <summary>Distinct events waiting for the repository worker; more get 503 with Retry-After (repeats of a queued event join it).</summary>
    public int MaxQueuedEvents { get; set; } = 64;

    /// <summary>How long a request waits for its event's decision before answering 503 "still deciding" (a retry joins the same decision).</summary>
    public TimeSpan DecisionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per decision when the git remote fails (500, unreachable), with backoff between them.</summary>
    public int DecisionAttempts { get; set; } = 3;

    /// <summary>First backoff between decision attempts; doubles per attempt, with jitter.</summary>
    public TimeSpan DecisionBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>On stop (SIGTERM, Ctrl+C): how long the decision in progress may still take before it is cancelled and handed back.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The address to bind: every interface (dual-stack) for the wildcards, else the IP or the host name's first address.</summary>
    public IPAddress BindAddress => Address switch
    {
        "+" or "*" or "0.0.0.0" => Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any,
        "::" or "[::]" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(Address.Trim('[', ']'), out var ip) => ip,
        _ => Dns.GetHostAddresses(Address).FirstOrDefault() ?? throw new SocketException((int)SocketError.HostNotFound),
    };

    /// <summary>True when the receiver listens on every interface: then requests may name any host (a pod is reached by its Service name).</summary>
    public bool AnyHost => Address is "+" or "*" or "0.0.0.0" or "::" or "[::]";

    /// <summary>The URL prefix the receiver serves, for messages.</summary>
    public string Prefix => $"http://{(AnyHost ? "*" : Address)}:{Port}/";

    /// <summary>
    /// Whether a request naming <paramref name="hostHeader"/> is for this receiver: any well-formed host on a wildcard
    /// address, else only the listen address itself (and localhost for a loopback address), as HttpListener matched its prefix.
    /// </summary>
    public bool AcceptsHost(string? hostHeader)
    {
        if (HttpHead.HostName(hostHeader) is not { } host)
        {
            return false;
        }

        if (AnyHost)
        {
            return true;
        }

        var address = Address.Trim('[', ']').ToLowerInvariant();
        return host == address || (host == "localhost" && IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip))
            || (address == "localhost" && IPAddress.TryParse(host, out var hostIp) && IPAddress.IsLoopback(hostIp));
    }
}
