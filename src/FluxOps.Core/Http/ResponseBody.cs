namespace FluxOps.Core.Http;

/// <summary>
/// Reads response bodies with a size cap: a declared Content-Length over the cap fails before reading, an endless or
/// lying body fails as soon as it passes the cap, so a hostile or broken server cannot exhaust memory.
/// </summary>
internal static class ResponseBody
{
    private const int ChunkSize = 81920;

    /// <summary>The whole body of <paramref name="response"/>, at most <paramref name="maxBytes"/> bytes.</summary>
    public static async Task<byte[]> ReadAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var request = response.RequestMessage;
        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(request, $"the response is {Size(declared)}, more than the {Size(maxBytes)} FluxOps reads from one answer; nothing was read.");
        }

        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkSize];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(request, $"the response is larger than the {Size(maxBytes)} FluxOps reads from one answer; reading stopped there.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Replaces <paramref name="response"/>'s content with its bytes, read within <paramref name="maxBytes"/>, so that
    /// callers read a buffer (and the reading was bounded by whatever token bounded this call).
    /// </summary>
    public static async Task BufferAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var original = response.Content;
        var bytes = await ReadAsync(response, maxBytes, cancellationToken).ConfigureAwait(false);
        var buffered = new ByteArrayContent(bytes);
        foreach (var (name, values) in original.Headers)
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                buffered.Headers.TryAddWithoutValidation(name, values);
            }
        }

        response.Content = buffered;
        original.Dispose();
    }

    public static string Size(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB"
        : bytes >= 1024 && bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";

    private static HttpTransportException TooLarge(HttpRequestMessage? request, string failure) =>
        HttpTransportException.For(request, "HttpResponseTooLarge", FailureKind.LimitsExceeded, failure, retryable: false);
}
