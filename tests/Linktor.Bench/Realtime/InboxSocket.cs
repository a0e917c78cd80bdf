using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Linktor.Bench.Realtime;

/// <summary>
/// A <c>/hubs/inbox</c> connection that speaks the SignalR JSON protocol itself over a bare
/// <see cref="ClientWebSocket"/>: connected directly (no negotiate request, as the SignalR client's
/// SkipNegotiation does), the token in <c>access_token</c>. Far cheaper than a HubConnection per
/// agent, so ten thousand of them cost the generator little. Frames are records ending in 0x1E:
/// type 1 invocation, 3 completion, 6 ping, 7 close.
/// </summary>
public sealed class InboxSocket : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly TimeSpan InvokeTimeout = TimeSpan.FromSeconds(60);
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _pending = new(StringComparer.Ordinal);
    private readonly InboxEventHandler? _onEvent;
    private readonly int _bufferBytes;
    private Task _receiving = Task.CompletedTask;
    private int _nextInvocation;
    private volatile bool _closed;

    private InboxSocket(InboxEventHandler? onEvent, int bufferBytes)
    {
        _onEvent = onEvent;
        _bufferBytes = bufferBytes;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero; // SignalR's own pings keep the connection
    }

    /// <summary>Open, handshaken, not closed by the server.</summary>
    public bool IsOpen => !_closed && _socket.State == WebSocketState.Open;

    /// <summary>Why the server closed it (its close message's error), if it did.</summary>
    public string? CloseReason { get; private set; }

    /// <param name="bufferBytes">Receive buffer: small for idle connections, larger where events flow.</param>
    public static async Task<InboxSocket> ConnectAsync(Uri baseUrl, string token, InboxEventHandler? onEvent, CancellationToken ct, int bufferBytes = 4096)
    {
        var socket = new InboxSocket(onEvent, bufferBytes);
        var uri = new UriBuilder(baseUrl) { Scheme = baseUrl.Scheme == "https" ? "wss" : "ws", Path = "/hubs/inbox", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
        try
        {
            await socket._socket.ConnectAsync(uri, ct);
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), ct);
            var handshake = await socket.ReadHandshakeAsync(ct);
            if (handshake.Contains("\"error\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("SignalR handshake refused: " + handshake);
            }
        }
        catch
        {
            socket._socket.Dispose();
            throw;
        }

        socket._receiving = Task.Run(socket.ReceiveLoopAsync, CancellationToken.None);
        return socket;
    }

    /// <summary>Calls a hub method with string arguments; throws when the hub answers with an error.</summary>
    public async Task InvokeAsync(string method, params string[] arguments)
    {
        var id = Interlocked.Increment(ref _nextInvocation).ToString(CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        var message = JsonSerializer.Serialize(new { type = 1, invocationId = id, target = method, arguments }) + "\u001e";
        await SendAsync(Encoding.UTF8.GetBytes(message), CancellationToken.None);
        var error = await done.Task.WaitAsync(InvokeTimeout);
        if (error is not null)
        {
            throw new InvalidOperationException($"{method} failed: {error}");
        }
    }

    /// <summary>A SignalR ping: the server closes a connection it has heard nothing from within its client timeout (30 s).</summary>
    public async Task PingAsync(CancellationToken ct)
    {
        if (!IsOpen)
        {
            return;
        }

        try
        {
            await SendAsync(Ping, ct);
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
            // closed meanwhile: IsOpen tells the scenario
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, limit.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        _socket.Abort();
        await _receiving;
        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async Task SendAsync(byte[] bytes, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task<string> ReadHandshakeAsync(CancellationToken ct)
    {
        var buffer = new byte[1024];
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(length), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The hub closed the connection during the handshake ({_socket.CloseStatusDescription}).");
            }

            length += result.Count;
            if (buffer.AsSpan(0, length).IndexOf(RecordSeparator) is var end and >= 0)
            {
                // Records after the handshake in the same frame are dropped; the server sends none before it.
                return Encoding.UTF8.GetString(buffer, 0, end);
            }

            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[_bufferBytes];
        var length = 0;
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                length += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var receivedAt = Stopwatch.GetTimestamp();
                var data = buffer.AsSpan(0, length);
                int end;
                while ((end = data.IndexOf(RecordSeparator)) >= 0)
                {
                    Dispatch(data[..end], receivedAt);
                    data = data[(end + 1)..];
                }

                // A record split across frames stays at the front for the next one.
                data.CopyTo(buffer);
                length = data.Length;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _closed = true;
            foreach (var pending in _pending.Values)
            {
                pending.TrySetResult("connection closed");
            }
        }
    }

    private void Dispatch(ReadOnlySpan<byte> record, long receivedAt)
    {
        switch (JsonFields.Int64(record, "type"u8))
        {
            case 1 when _onEvent is not null:
                if (JsonFields.String(record, "target"u8) is { } target && FirstArgument(record) is var argument)
                {
                    _onEvent(target, argument, receivedAt);
                }

                break;
            case 3:
                if (JsonFields.String(record, "invocationId"u8) is { } id && _pending.TryRemove(id, out var done))
                {
                    done.TrySetResult(JsonFields.String(record, "error"u8));
                }

                break;
            case 7:
                CloseReason = JsonFields.String(record, "error"u8) ?? "closed by the server";
                _closed = true;
                break;
        }
    }

    private static ReadOnlySpan<byte> FirstArgument(ReadOnlySpan<byte> record)
    {
        var reader = new Utf8JsonReader(record);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("arguments"u8))
            {
                reader.Read(); // [
                if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
                {
                    return [];
                }

                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return record[start..((int)reader.BytesConsumed)];
            }

            if (reader.CurrentDepth >= 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return [];
    }
}
