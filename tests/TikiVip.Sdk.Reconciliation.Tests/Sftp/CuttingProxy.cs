using System.Net;
using System.Net.Sockets;

namespace TikiVip.Sdk.Reconciliation.Tests.Sftp;

/// <summary>A loopback TCP forwarder to the SFTP server that cuts every connection after a number of bytes sent up: a network failing mid-upload.</summary>
internal sealed class CuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public CuttingProxy(string host, int port, long cutAfterBytes)
    {
        _listener.Start();
        _accepting = AcceptAsync(host, port, cutAfterBytes);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(static _ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync(string host, int port, long cutAfterBytes)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ForwardAsync(client, host, port, cutAfterBytes);
        }
    }

    private async Task ForwardAsync(TcpClient client, string host, int port, long cutAfterBytes)
    {
        using (client)
        using (var server = new TcpClient())
        {
            await server.ConnectAsync(host, port, _stop.Token);
            using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = CopyAsync(client.GetStream(), server.GetStream(), cutAfterBytes, cut);
            var down = CopyAsync(server.GetStream(), client.GetStream(), long.MaxValue, cut);
            await Task.WhenAny(up, down);
            await cut.CancelAsync(); // either side done or cut: drop both, as a failing network does
        }
    }

    private static async Task CopyAsync(Stream from, Stream to, long limit, CancellationTokenSource cut)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cut.Token)) > 0)
            {
                if (total + read > limit)
                {
                    return;
                }

                total += read;
                await to.WriteAsync(buffer.AsMemory(0, read), cut.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
