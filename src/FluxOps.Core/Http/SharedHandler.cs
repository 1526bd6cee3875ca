using System.Net;
using System.Net.Security;

namespace FluxOps.Core.Http;

/// <summary>
/// The one place a socket handler is configured: pooled connections (recycled every few minutes so DNS changes are
/// seen), a connect timeout, no cookies, no automatic decompression (digests are computed over the bytes the server
/// sent), no automatic redirects (<see cref="RedirectHandler"/> decides), the system proxy settings, and certificate
/// checks skipped only for the hosts the caller names.
/// </summary>
internal static class SharedHandler
{
    public static SocketsHttpHandler Create(OutboundHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, options.MaxConnectionsPerServer),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.ConnectTimeout,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        if (options.SkipTlsVerify is { } skip)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (sender, _, _, errors) =>
                errors == SslPolicyErrors.None || (sender is SslStream stream && skip(stream.TargetHostName.ToLowerInvariant()));
        }

        return handler;
    }
}
