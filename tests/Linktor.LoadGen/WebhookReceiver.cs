using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Linktor.LoadGen;

/// <summary>
/// A subscriber's endpoint for the webhook phase: answers 200 to every POST and records, per event, how long
/// after the message was created it arrived (the message's <c>created_at</c> is set by the node when it commits).
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _lagMs = new();
    private int _requests;

    public WebhookReceiver()
    {
        Url = $"http://127.0.0.1:{FreePort()}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public string Url { get; }

    /// <summary>Distinct events received.</summary>
    public int Events => _lagMs.Count;

    /// <summary>POSTs received, repeats included.</summary>
    public int Requests => _requests;

    public double[] SortedLagMs() => [.. _lagMs.Values.Order()];

    public void Dispose() => _listener.Close();

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        using (var body = await JsonDocument.ParseAsync(context.Request.InputStream))
        {
            var root = body.RootElement;
            var createdAt = root.GetProperty("data").GetProperty("created_at").GetDateTimeOffset();
            _lagMs.TryAdd(root.GetProperty("id").GetString()!, (receivedAt - createdAt).TotalMilliseconds);
        }

        Interlocked.Increment(ref _requests);
        context.Response.StatusCode = 200;
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
