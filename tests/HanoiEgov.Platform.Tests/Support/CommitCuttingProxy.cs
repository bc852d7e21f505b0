using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// A TCP relay in front of PostgreSQL that, once armed, lets the next COMMIT reach the server and then cuts the
/// connection before the server's answer reaches the client: a write the database recorded whose outcome the client
/// cannot know. Everything else passes through untouched.
/// </summary>
internal sealed class CommitCuttingProxy : IAsyncDisposable
{
    private static readonly byte[] CommitQuery = [(byte)'Q', 0, 0, 0, 11, .. "COMMIT"u8, 0];
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly string host;
    private readonly int port;
    private volatile bool armed;

    public CommitCuttingProxy(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        host = target.Host!;
        port = target.Port;
        listener.Start();
        target.Host = "127.0.0.1";
        target.Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        target.SslMode = SslMode.Disable;
        ConnectionString = target.ConnectionString;
        _ = AcceptAsync();
    }

    /// <summary>The same database, reached through the relay.</summary>
    public string ConnectionString { get; }

    /// <summary>How many commits were cut so far.</summary>
    public int Cuts { get; private set; }

    public void CutNextCommit() => armed = true;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(host, port, stopping.Token);
                var cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var up = PumpAsync(client.GetStream(), server.GetStream(), buffer =>
                {
                    if (armed && buffer.AsSpan().IndexOf(CommitQuery) >= 0)
                    {
                        armed = false;
                        cut.TrySetResult();
                    }
                });
                var down = PumpUntilCutAsync(server.GetStream(), client.GetStream(), cut.Task);
                await Task.WhenAny(up, down);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Action<byte[]> inspect)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stopping.Token)) > 0)
        {
            inspect(buffer[..read]);
            await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
        }
    }

    /// <summary>Relays the server's answers until a COMMIT was sent: its answer is swallowed and the relay ends, closing both sides.</summary>
    private async Task PumpUntilCutAsync(NetworkStream from, NetworkStream to, Task cut)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stopping.Token)) > 0)
        {
            if (cut.IsCompleted)
            {
                Cuts++;
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
        }
    }
}
