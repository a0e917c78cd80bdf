using System.Threading.Channels;
using Linktor.Contracts.Realtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Linktor.Grains.Realtime;

/// <summary>
/// Carries events from this silo's grains to the API nodes, in batches, in the order they were
/// published. Nodes sharing a backplane get each event once between them (always the same node
/// for a conversation, which keeps its events in order); other nodes get every event. Ended sessions
/// go to every node.
/// </summary>
public sealed partial class RealtimeDispatcher(IGrainFactory grains, TimeProvider clock, ILogger<RealtimeDispatcher> logger)
    : BackgroundService, Events.IEventPublisher
{
    private const int Capacity = 100_000;
    private const int MaxBatch = 500;
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<RealtimeEvent> _events = Channel.CreateBounded<RealtimeEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private IReadOnlyList<RealtimeSubscriber> _subscribers = [];
    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;

    public void Publish(RealtimeEvent evt) => _events.Writer.TryWrite(evt);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<RealtimeEvent>(MaxBatch);
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var evt))
            {
                batch.Add(evt);
            }

            try
            {
                await DeliverAsync(batch).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDeliveryFailed(logger, batch.Count, ex);
            }

            batch.Clear();
        }
    }

    private async Task DeliverAsync(List<RealtimeEvent> batch)
    {
        var subscribers = await GetSubscribersAsync().ConfigureAwait(false);
        if (subscribers.Count == 0)
        {
            return;
        }

        var perObserver = new Dictionary<IRealtimeObserver, List<RealtimeEvent>>();
        foreach (var group in subscribers.GroupBy(s => s.BackplaneGroup))
        {
            var members = group.Select(s => s.Observer).ToList();
            foreach (var evt in batch)
            {
                // Ended sessions are closed by each node itself (the backplane carries messages, not connections).
                var targets = group.Key is null || evt.SessionsEnded is not null
                    ? members
                    : [members[(int)((uint)(evt.ConversationId ?? evt.TenantId).GetHashCode() % (uint)members.Count)]];
                foreach (var target in targets)
                {
                    if (!perObserver.TryGetValue(target, out var list))
                    {
                        perObserver[target] = list = [];
                    }

                    list.Add(evt);
                }
            }
        }

        await Task.WhenAll(perObserver.Select(kv => SendAsync(kv.Key, kv.Value))).ConfigureAwait(false);
    }

    private async Task SendAsync(IRealtimeObserver observer, List<RealtimeEvent> events)
    {
        try
        {
            await observer.OnEventsAsync(events).WaitAsync(CallTimeout, clock).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The node is gone or slow; stop using it until the directory says otherwise.
            LogNodeUnreachable(logger, events.Count, ex.GetType().Name);
            _refreshedAt = DateTimeOffset.MinValue;
        }
    }

    private async Task<IReadOnlyList<RealtimeSubscriber>> GetSubscribersAsync()
    {
        if (clock.GetUtcNow() - _refreshedAt > RefreshEvery)
        {
            _subscribers = await grains.GetGrain<IRealtimeDirectoryGrain>(0).GetSubscribersAsync().ConfigureAwait(false);
            _refreshedAt = clock.GetUtcNow();
        }

        return _subscribers;
    }

    // Log event ids 20xx: real-time dispatch (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Could not deliver {Count} real-time events")]
    private static partial void LogDeliveryFailed(ILogger logger, int count, Exception error);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "An API node did not take {Count} real-time events ({Error})")]
    private static partial void LogNodeUnreachable(ILogger logger, int count, string error);
}
