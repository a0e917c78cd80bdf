namespace Linktor.Bench.Realtime;

/// <summary>
/// Keeps hub connections alive: the server closes a connection it has heard nothing from within its
/// client timeout (30 s by default), so every 10 s each open socket sends a SignalR ping. One loop for
/// all of them, sends spread over the interval rather than all at once.
/// </summary>
public sealed class PingLoop : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<IReadOnlyList<InboxSocket>> _sockets;

    private PingLoop(Func<IReadOnlyList<InboxSocket>> sockets)
    {
        _sockets = sockets;
        _ = Task.Run(RunAsync);
    }

    public static PingLoop Start(IReadOnlyList<InboxSocket> sockets) => new(() => sockets);

    /// <summary>For a set that grows while the loop runs (connections still opening).</summary>
    public static PingLoop Start(Func<IReadOnlyList<InboxSocket>> sockets) => new(sockets);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var sockets = _sockets();
                var started = DateTime.UtcNow;
                const int Batch = 100;
                for (var i = 0; i < sockets.Count; i += Batch)
                {
                    await Task.WhenAll(sockets.Skip(i).Take(Batch).Select(s => s.PingAsync(token)));
                    // The share of the interval the sockets pinged so far stand for (at most all of it: a last,
                    // short batch, or a single socket, must not push the next round past the server's timeout).
                    var due = started + (Interval * ((double)Math.Min(i + Batch, sockets.Count) / sockets.Count));
                    if (due > DateTime.UtcNow)
                    {
                        await Task.Delay(due - DateTime.UtcNow, token);
                    }
                }

                var next = started + Interval - DateTime.UtcNow;
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next, token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
        }
    }
}
