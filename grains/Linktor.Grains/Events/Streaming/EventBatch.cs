using Linktor.Contracts.Events;
using Linktor.Storage.Events;
using Orleans.Streams;

namespace Linktor.Grains.Events.Streaming;

/// <summary>
/// Consecutive events of one tenant (one stream) read by one poll of a queue, delivered together: a batch observer
/// gets them in one call. Its sequence token is its first event's; <see cref="Last"/> is how far it reaches.
/// </summary>
[GenerateSerializer, Immutable, Alias("Linktor.EventBatch")]
public sealed class EventBatch : IBatchContainer
{
    public EventBatch(StreamId streamId, StoredEvent[] events, EventToken[] tokens)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(tokens);
        if (events.Length == 0 || events.Length != tokens.Length)
        {
            throw new ArgumentException("A batch holds at least one event, each with its token.", nameof(tokens));
        }

        StreamId = streamId;
        Events = events;
        Tokens = tokens;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public StoredEvent[] Events { get; }

    [Id(2)]
    public EventToken[] Tokens { get; }

    public StreamSequenceToken SequenceToken => Tokens[0];

    /// <summary>The place of the batch's last event: once the batch is processed, the queue is processed up to here.</summary>
    public EventPosition Last => Tokens[^1].At;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        for (var i = 0; i < Events.Length; i++)
        {
            if (Events[i] is T item)
            {
                yield return Tuple.Create(item, (StreamSequenceToken)Tokens[i]);
            }
        }
    }

    /// <summary>Events carry no request context: they were written by the application's SQL, not by an Orleans producer.</summary>
    public bool ImportRequestContext() => false;

    public override string ToString() => $"[EventBatch {StreamId} {Tokens[0].At}..{Last} ({Events.Length})]";
}
