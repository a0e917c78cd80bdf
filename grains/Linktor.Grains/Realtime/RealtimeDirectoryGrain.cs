using Linktor.Contracts.Realtime;

namespace Linktor.Grains.Realtime;

/// <summary>
/// The API nodes that take events. A node that stops renewing within <see cref="Expiry"/>
/// (crashed, partitioned) is dropped, so events are not sent into the void for long.
/// </summary>
public sealed class RealtimeDirectoryGrain(TimeProvider clock) : Grain, IRealtimeDirectoryGrain
{
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);

    private readonly Dictionary<IRealtimeObserver, (string? Group, DateTimeOffset Seen)> _subscribers = [];

    public Task SubscribeAsync(IRealtimeObserver observer, string? backplaneGroup)
    {
        _subscribers[observer] = (backplaneGroup, clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IRealtimeObserver observer)
    {
        _subscribers.Remove(observer);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RealtimeSubscriber>> GetSubscribersAsync()
    {
        var now = clock.GetUtcNow();
        foreach (var stale in _subscribers.Where(s => now - s.Value.Seen > Expiry).Select(s => s.Key).ToList())
        {
            _subscribers.Remove(stale);
        }

        return Task.FromResult<IReadOnlyList<RealtimeSubscriber>>(
            _subscribers.Select(s => new RealtimeSubscriber(s.Key, s.Value.Group)).ToList());
    }
}
