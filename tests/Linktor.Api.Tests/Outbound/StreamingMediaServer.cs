using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Linktor.Api.Tests.Outbound;

/// <summary>
/// A "Twilio" whose every URL streams <paramref name="length"/> bytes, chunked (no Content-Length), over plain sockets,
/// and says whether any answer was sent to its end. Kestrel would not do: it drops writes silently once a client has
/// gone, so it cannot tell a client that stopped from one that read everything. A socket's send fails instead, once
/// the kernel's buffers (a few MiB at most, far below the length) are full and the peer has closed.
/// </summary>
public sealed class StreamingMediaServer(long length) : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private Task? _accepting;
    private int _requests;
    private int _completed;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>How many requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many answers were sent to their end (the client read them whole).</summary>
    public int Completed => Volatile.Read(ref _completed);

    public string MediaUrl(string accountSid) =>
        new Uri(BaseUrl, $"2010-04-01/Accounts/{accountSid}/Messages/MM{new string('0', 32)}/Media/ME{new string('1', 32)}").AbsoluteUri;

    public Task StartAsync()
    {
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
        return Task.CompletedTask;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        try
        {
            await ReadRequestHeadAsync(socket);
            Interlocked.Increment(ref _requests);
            await socket.SendAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"), _stop.Token);
            var chunk = new byte[64 * 1024];
            var header = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n");
            var end = "\r\n"u8.ToArray();
            for (long sent = 0; sent < length; sent += chunk.Length)
            {
                await socket.SendAsync(header, _stop.Token);
                await socket.SendAsync(chunk, _stop.Token);
                await socket.SendAsync(end, _stop.Token);
            }

            await socket.SendAsync("0\r\n\r\n"u8.ToArray(), _stop.Token);
            Interlocked.Increment(ref _completed);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            // The client stopped reading and closed: what the cap is for.
        }
    }

    private async Task ReadRequestHeadAsync(Socket socket)
    {
        var head = new List<byte>();
        var buffer = new byte[4096];
        while (!EndsWithBlankLine(head))
        {
            var read = await socket.ReceiveAsync(buffer, _stop.Token);
            if (read == 0)
            {
                throw new IOException("The client closed before its request was complete.");
            }

            head.AddRange(buffer.AsSpan(0, read));
        }
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll([.. connections, _accepting ?? Task.CompletedTask]);
        _stop.Dispose();
    }
}
