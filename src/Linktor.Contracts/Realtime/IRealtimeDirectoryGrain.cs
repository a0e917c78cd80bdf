namespace Linktor.Contracts.Realtime;

/// <summary>
/// The API nodes currently able to take events (key 0). Nodes renew their subscription
/// periodically; entries of nodes that stopped renewing expire.
/// </summary>
[Alias("Linktor.IRealtimeDirectoryGrain")]
public interface IRealtimeDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("Subscribe")]
    Task SubscribeAsync(IRealtimeObserver observer);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IRealtimeObserver observer);

    [Alias("GetSubscribers")]
    Task<IReadOnlyList<IRealtimeObserver>> GetSubscribersAsync();
}
