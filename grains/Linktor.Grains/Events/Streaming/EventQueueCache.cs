using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Linktor.Grains.Events.Streaming;

/// <summary>
/// Orleans' <see cref="SimpleQueueCache"/>, bounded by events as well as by batches. What the agent relies on, as in
/// the 10.4 source: a cursor (one per consumer of a stream) pins the bucket of the batch it is delivering until it
/// moves on, and a purge takes only the oldest buckets no cursor pins. So a batch leaves the cache (and reaches
/// <see cref="IQueueAdapterReceiver.MessagesDeliveredAsync(IList{IBatchContainer}, CancellationToken)"/>) only once
/// every consumer of its stream is past it, and always oldest first. Batches the agent gave up delivering are left out
/// of the purged list; the receiver notices the gap. Its batch count alone would let one batch of a few hundred events
/// weigh as much as one of a single event, hence <c>maxEvents</c>: at that many the cache reports pressure and the
/// agent stops reading until consumers catch up. Its cursors (<see cref="EventQueueCacheCursor"/>) never miss: one asked
/// for, or refreshed at, a place older than the cache starts from the oldest cached batch instead.
/// </summary>
internal sealed class EventQueueCache(int maxBatches, int maxEvents, ILogger logger) : SimpleQueueCache(maxBatches, logger), IQueueCache
{
    private readonly Queue<int> _sizes = new();
    private readonly Queue<StreamSequenceToken> _tokens = new();

    /// <summary>Events in the cache now.</summary>
    public int Events { get; private set; }

    public override void AddToCache(IList<IBatchContainer> msgs)
    {
        ArgumentNullException.ThrowIfNull(msgs);
        var before = Size;
        try
        {
            base.AddToCache(msgs);
        }
        finally
        {
            // Batches go in in order, so what was added before any failure is the list's head.
            for (var i = 0; i < Size - before; i++)
            {
                var events = msgs[i] is EventBatch batch ? batch.Events.Length : 1;
                _sizes.Enqueue(events);
                _tokens.Enqueue(msgs[i].SequenceToken);
                Events += events;
            }
        }
    }

    public override bool TryPurgeFromCache([MaybeNullWhen(false)] out IList<IBatchContainer> purgedItems)
    {
        var before = Size;
        var purged = base.TryPurgeFromCache(out purgedItems);
        // The oldest batches leave first (delivered or given up on alike), in the order they came in.
        for (var i = 0; i < before - Size; i++)
        {
            Events -= _sizes.Dequeue();
            _tokens.Dequeue();
        }

        return purged;
    }

    public override bool IsUnderPressure() => base.IsUnderPressure() || Events >= maxEvents;

    QueueCacheCursorResult<IQueueCacheCursor> IQueueCache.TryGetCacheCursor(StreamId streamId, StreamSequenceToken? token)
    {
        try
        {
            return QueueCacheCursorResult<IQueueCacheCursor>.FromCursor(new EventQueueCacheCursor(this, streamId, Cursor(streamId, token)));
        }
        catch (QueueCacheMissException)
        {
            // Older than the cache: what is left of the stream in it is what its consumer has not had (see the cursor).
            return QueueCacheCursorResult<IQueueCacheCursor>.FromCursor(CursorFromOldest(streamId));
        }
    }

    /// <summary>A cursor at the oldest cached batch (waiting for the next one when the cache is empty).</summary>
    internal IQueueCacheCursor CursorFromOldest(StreamId streamId) =>
        new EventQueueCacheCursor(this, streamId, Cursor(streamId, _tokens.TryPeek(out var oldest) ? oldest : null));

    // Orleans' own cursor into this cache, which throws QueueCacheMissException for a place older than it holds.
#pragma warning disable CS0618 // The only way to Orleans' cursor; TryGetCacheCursor is what this class answers with.
    private IQueueCacheCursor Cursor(StreamId streamId, StreamSequenceToken? token) => base.GetCacheCursor(streamId, token);
#pragma warning restore CS0618
}
