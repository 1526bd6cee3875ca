using System.Net.Sockets;

namespace FluxOps.Testing;

public static class Wait
{
    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:port, or fails with what the server printed.</summary>
    public static void ForPort(int port, BackgroundProcess owner, string what, TimeSpan? timeout = null) =>
        ForPort("127.0.0.1", port, owner, what, timeout);

    /// <summary>Waits until something accepts TCP connections on address:port, or fails with what the server printed.</summary>
    public static void ForPort(string address, int port, BackgroundProcess owner, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (owner.HasExited)
            {
                throw new InvalidOperationException($"{what} exited during start-up: {owner.Output}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(address, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException($"{what} did not listen on {address}:{port} in time: {owner.Output}");
    }
}
