using System.Net.Sockets;
using System.Text;

namespace FluxOps.Testing;

/// <summary>A TCP client that speaks HTTP byte by byte: slow senders, lying lengths, pipelining, anything a real client would not do.</summary>
public sealed class RawHttpClient : IDisposable
{
    private readonly TcpClient _client = new() { NoDelay = true };
    private readonly NetworkStream _stream;

    public RawHttpClient(int port)
    {
        _client.Connect("127.0.0.1", port);
        _stream = _client.GetStream();
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Sends one byte, or returns false when the server already closed the connection.</summary>
    public async Task<bool> TrySendByteAsync(byte value = (byte)'x')
    {
        try
        {
            await SendAsync([value]);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Everything the server sends until it closes the connection or <paramref name="timeout"/> passes.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var text = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                text.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }

        return text.ToString();
    }

    /// <summary>Reads until the text received contains <paramref name="count"/> complete responses (status line to end of body).</summary>
    public async Task<string> ReadResponsesAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var text = new StringBuilder();
        var buffer = new byte[8192];
        while (CountResponses(text.ToString()) < count)
        {
            var read = await _stream.ReadAsync(buffer, cancel.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    public void Dispose() => _client.Dispose();

    private static int CountResponses(string text)
    {
        var count = 0;
        var at = 0;
        while ((at = text.IndexOf("HTTP/1.1 ", at, StringComparison.Ordinal)) >= 0)
        {
            var headEnd = text.IndexOf("\r\n\r\n", at, StringComparison.Ordinal);
            if (headEnd < 0)
            {
                break;
            }

            var lengthAt = text.IndexOf("Content-Length: ", at, StringComparison.Ordinal);
            var length = lengthAt >= 0 && lengthAt < headEnd ? int.Parse(text[(lengthAt + 16)..text.IndexOf('\r', lengthAt)], System.Globalization.CultureInfo.InvariantCulture) : 0;
            if (text.Length < headEnd + 4 + length)
            {
                break;
            }

            count++;
            at = headEnd + 4 + length;
        }

        return count;
    }
}
