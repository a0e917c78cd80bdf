using Linktor.Contracts.Events;
using Linktor.Grains.Events.Streaming;
using Linktor.Storage.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Providers;
using Orleans.Streams;

namespace Microsoft.Extensions.Hosting;

public static class EventStreamHostingExtensions
{
    /// <summary>
    /// The events outbox as persistent stream provider <see cref="EventStreams.ProviderName"/>: one pulling agent per
    /// queue of the <c>events</c> table somewhere in the cluster (queues are balanced over the silos' hash ring, and
    /// move when silos come and go), delivering to implicit subscribers only, so no pub/sub store is involved.
    /// Needs <c>AddLinktorStorage</c> (the <see cref="EventStore"/> and <see cref="EventStreamOptions"/>).
    /// <para>
    /// A consumer that throws is never skipped: Orleans retries a delivery until <c>MaxEventDeliveryTime</c>, and here
    /// that is infinite, with <see cref="EventStreamOptions.RetryBaseDelay"/> to <see cref="EventStreamOptions.RetryMaxDelay"/>
    /// between attempts. Later events of the same stream wait behind it for that consumer (other consumers and other
    /// tenants go on until the queue's cache is full, <see cref="EventStreamOptions.MaxCachedEvents"/>).
    /// </para>
    /// </summary>
    public static ISiloBuilder AddLinktorEventStreams(this ISiloBuilder silo)
    {
        silo.AddPersistentStreams(EventStreams.ProviderName, EventQueueAdapterFactory.Create, stream =>
        {
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            stream.ConfigurePullingAgent(agent => agent.Configure<IOptions<EventStreamOptions>>((o, events) =>
            {
                o.GetQueueMsgsTimerPeriod = events.Value.PollInterval;
                // The agent gives up on a delivery (and moves on to the next event) after this long: never.
                o.MaxEventDeliveryTime = Timeout.InfiniteTimeSpan;
                // Our batches already carry a poll's run of one tenant's events; one batch per delivery keeps the
                // cache's per-batch bookkeeping (what a consumer is past) exact.
                o.BatchContainerBatchSize = 1;
            }));
            stream.ConfigureBackoffProvider(DeliveryBackoff);
            stream.ConfigureBackoffProvider(ReaderBackoff);
        });
        return silo;
    }

    private static IMessageDeliveryBackoffProvider DeliveryBackoff(IServiceProvider services, string name) => Backoff(services);

    private static IQueueReaderBackoffProvider ReaderBackoff(IServiceProvider services, string name) => Backoff(services);

    private static EventStreamBackoff Backoff(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EventStreamOptions>>().Value;
        return new EventStreamBackoff(options.RetryBaseDelay, options.RetryMaxDelay);
    }
}
