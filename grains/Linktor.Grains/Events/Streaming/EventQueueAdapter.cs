using System.Collections.Concurrent;
using Linktor.Storage.Events;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Linktor.Grains.Events.Streaming;

/// <summary>
/// The events table as an Orleans queue adapter: read-only and rewindable.
/// <para>
/// Read-only because events are produced by the application's own SQL, in the transaction of the change that causes
/// them; that is the point of the outbox. An Orleans producer could not join that transaction, so this adapter takes
/// no writes (<see cref="QueueMessageBatchAsync{T}"/> throws) rather than offer a second, non-transactional way in.
/// </para>
/// <para>
/// Rewindable because a queue can be read again from its cursor, and because Orleans then lets a consumer activation
/// answer "I have processed up to token X": when a queue moves to another silo, or the agent retries a batch whose
/// success reply was lost, consumers still active skip what they already have instead of getting it twice.
/// </para>
/// </summary>
internal sealed class EventQueueAdapter(string name, EventStore store, EventStreamOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    : IQueueAdapter
{
    private readonly ConcurrentDictionary<short, EventQueueReceiver> _receivers = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<EventQueueReceiver>();

    public string Name => name;

    public bool IsRewindable => true;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadOnly;

    /// <summary>The receivers reading on this silo now, by table queue (which queues this silo's agents own).</summary>
    public IReadOnlyDictionary<short, EventQueueReceiver> Receivers => _receivers;

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        throw new NotSupportedException(
            $"Stream provider {name} delivers the events table; an event is written by inserting its row in the transaction of the change that causes it.");

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new EventQueueReceiver(queueId, store, options, time, this, _logger);

    internal void Attach(EventQueueReceiver receiver) => _receivers[receiver.Queue] = receiver;

    internal void Detach(EventQueueReceiver receiver) => _receivers.TryRemove(new KeyValuePair<short, EventQueueReceiver>(receiver.Queue, receiver));
}
