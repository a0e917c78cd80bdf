namespace Linktor.Contracts.Realtime;

/// <summary>
/// The API nodes currently able to take events (key 0). Nodes renew their subscription
/// periodically; entries of nodes that stopped renewing expire.
/// </summary>
[Alias("Linktor.IRealtimeDirectoryGrain")]
public interface IRealtimeDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Adds or renews a node. Nodes sharing a SignalR backplane give the same
    /// <paramref name="backplaneGroup"/>: an event then goes to one of them, which reaches the
    /// others' connections through the backplane. A null group gets every event itself.
    /// </summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(IRealtimeObserver observer, string? backplaneGroup);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IRealtimeObserver observer);

    [Alias("GetSubscribers")]
    Task<IReadOnlyList<RealtimeSubscriber>> GetSubscribersAsync();
}
