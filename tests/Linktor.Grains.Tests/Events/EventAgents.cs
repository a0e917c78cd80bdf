using Linktor.Contracts.Events;
using Linktor.Grains.Events.Streaming;
using Linktor.Storage.Events;
using Linktor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Linktor.Grains.Tests.Events;

/// <summary>Which silo's pulling agent reads which queue of the events table, seen through each silo's adapter.</summary>
public static class EventAgents
{
    public static int QueueCount(InProcessTestCluster cluster) =>
        cluster.GetActiveSilos().First().ServiceProvider.GetRequiredService<IOptions<EventStreamOptions>>().Value.Queues;

    /// <summary>The queue of <paramref name="tenantId"/>'s events in <paramref name="cluster"/>.</summary>
    public static short QueueOf(InProcessTestCluster cluster, Guid tenantId) => EventQueues.QueueOf(tenantId, QueueCount(cluster));

    internal static EventQueueAdapter Adapter(InProcessSiloHandle silo) =>
        ((EventQueueAdapterFactory)silo.ServiceProvider.GetRequiredKeyedService<IQueueAdapterFactory>(EventStreams.ProviderName)).Adapter;

    /// <summary>Waits until exactly one active silo reads <paramref name="queue"/>, and answers it with its receiver.</summary>
    internal static Task<Owner> OwnerAsync(InProcessTestCluster cluster, short queue, TimeSpan timeout) =>
        Eventually.GetAsync(() =>
        {
            var owners = cluster.GetActiveSilos()
                .Select(s => (Silo: s, Receiver: Adapter(s).Receivers.GetValueOrDefault(queue)))
                .Where(o => o.Receiver is not null)
                .ToList();
            return Task.FromResult(owners.Count == 1 ? new Owner(owners[0].Silo, owners[0].Receiver!) : null);
        }, timeout, $"one silo reads events queue {queue}");

    /// <summary>Waits until the queue's agent has polled <paramref name="polls"/> more times (so it has seen the table since now).</summary>
    internal static async Task WaitForPollsAsync(EventQueueReceiver receiver, int polls, TimeSpan timeout)
    {
        var target = receiver.Polls + polls;
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Polls >= target), timeout, $"queue {receiver.Queue} is polled {polls} more times");
    }

    internal sealed record Owner(InProcessSiloHandle Silo, EventQueueReceiver Receiver);
}
