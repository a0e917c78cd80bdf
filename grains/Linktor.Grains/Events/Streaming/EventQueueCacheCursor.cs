using Orleans.Streams;

namespace Linktor.Grains.Events.Streaming;

/// <summary>
/// A consumer's cursor into an <see cref="EventQueueCache"/>: Orleans' own, made again from the oldest cached batch when
/// a refresh finds the place it was waiting at already purged.
/// <para>
/// Why: a cursor waiting for its stream's next batch pins nothing, so the batches of other streams it was waiting
/// behind can leave the cache. When its stream's next batch arrives, Orleans refreshes it at the token it was waiting
/// at, now older than anything cached, and <see cref="Orleans.Providers.Streams.Common.SimpleQueueCache"/> throws a
/// <see cref="QueueCacheMissException"/> from inside the agent's read loop: the read is retried until the agent gives
/// up, the other streams of that read are never woken, and the queue crawls (seen after a silo crash under load). Every
/// batch of the waiting stream still in the cache is one its consumer has not had (it would pin it otherwise), so
/// starting again from the oldest cached batch delivers exactly those.
/// </para>
/// </summary>
internal sealed class EventQueueCacheCursor(EventQueueCache cache, StreamId streamId, IQueueCacheCursor inner) : IQueueCacheCursor
{
    private IQueueCacheCursor _inner = inner;

    public IBatchContainer? GetCurrent(out Exception? exception) => _inner.GetCurrent(out exception);

#pragma warning disable CS0618 // The interface still has it; the agent moves with MoveNextWithResult.
    public bool MoveNext() => _inner.MoveNext();
#pragma warning restore CS0618

    public QueueCacheCursorMoveResult MoveNextWithResult() => _inner.MoveNextWithResult();

    public void Refresh(StreamSequenceToken token)
    {
        try
        {
            _inner.Refresh(token);
        }
        catch (QueueCacheMissException)
        {
            _inner.Dispose();
            _inner = cache.CursorFromOldest(streamId);
        }
    }

    public void RecordDeliveryFailure() => _inner.RecordDeliveryFailure();

    public void Dispose() => _inner.Dispose();
}
