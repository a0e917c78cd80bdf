using Linktor.Storage.Events;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Linktor.Grains.Events.Streaming;

/// <summary>
/// One <see cref="EventQueueCache"/> per queue. Room for ten polls' worth of batches: the cache lets a poll add a
/// tenth of its batch capacity, and a poll reads up to <see cref="EventStreamOptions.BatchSize"/> rows (at most as many
/// batches), so a full-size poll always fits.
/// </summary>
internal sealed class EventQueueAdapterCache(EventStreamOptions options, string providerName, ILoggerFactory loggerFactory) : IQueueAdapterCache
{
    public IQueueCache CreateQueueCache(QueueId queueId) =>
        new EventQueueCache(
            options.BatchSize * 10,
            options.MaxCachedEvents,
            loggerFactory.CreateLogger($"{typeof(EventQueueCache).FullName}.{providerName}.{queueId}"));
}
