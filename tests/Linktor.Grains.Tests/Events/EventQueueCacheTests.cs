using Linktor.Grains.Events.Streaming;
using Linktor.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Streams;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests.Events;

/// <summary>
/// What the receiver's cursor relies on, against Orleans' own cache code: a batch leaves the cache only once the
/// consumers' cursors are past it, oldest first; and the cache is bounded by events, not only by batches.
/// </summary>
public sealed class EventQueueCacheTests
{
    [Fact]
    public void ABatchIsPurgedOnlyOnceTheCursorIsPastItAndTheCacheIsBoundedByEvents()
    {
        var tenant = Guid.NewGuid();
        var stream = EventStreamIds.For(tenant);
        // Ten batches, so one per bucket: purges are per batch here.
        var cache = new EventQueueCache(maxBatches: 10, maxEvents: 5, NullLogger.Instance);
        var (b1, b2, b3, b4) = (Batch(tenant, 1, 1), Batch(tenant, 2, 1), Batch(tenant, 3, 2), Batch(tenant, 5, 2));
        cache.AddToCache([b1, b2, b3]);
        var cursor = ((IQueueCache)cache).TryGetCacheCursor(stream, b1.SequenceToken).Cursor.ShouldNotBeNull();

        cursor.MoveNextWithResult().Kind.ShouldBe(QueueCacheCursorMoveResultKind.Success);
        cursor.GetCurrent(out _).ShouldBeSameAs(b1);
        cache.TryPurgeFromCache(out _).ShouldBeFalse("the consumer is on b1 (delivering it)");

        cursor.MoveNextWithResult();
        cache.TryPurgeFromCache(out var purged).ShouldBeTrue();
        purged.ShouldBe([b1]);
        cache.Events.ShouldBe(3);
        cache.IsUnderPressure().ShouldBeFalse();

        cache.AddToCache([b4]);
        cache.IsUnderPressure().ShouldBeTrue("five events held, the limit");

        while (cursor.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success)
        {
        }

        cache.TryPurgeFromCache(out purged).ShouldBeTrue();
        purged.ShouldBe([b2, b3, b4], "oldest first, once the consumer has caught up");
        cache.Events.ShouldBe(0);
        cache.IsUnderPressure().ShouldBeFalse();
    }

    [Fact]
    public void AConsumerWaitingWhileOtherStreamsBatchesLeaveTheCacheGetsItsStreamsNextBatch()
    {
        var (waiting, busy) = (Guid.NewGuid(), Guid.NewGuid());
        var cache = new EventQueueCache(maxBatches: 10, maxEvents: 100, NullLogger.Instance);
        IQueueCache queueCache = cache;

        // The waiting tenant's consumer subscribed at position 1 while the cache was empty: it waits there, pinning nothing.
        var waitingCursor = queueCache.TryGetCacheCursor(EventStreamIds.For(waiting), new EventToken(100, 1)).Cursor.ShouldNotBeNull();

        // Another tenant's batches come and go: its consumer reads them and the cache purges them.
        var (b2, b3) = (Batch(busy, 2, 1), Batch(busy, 3, 1));
        cache.AddToCache([b2, b3]);
        var busyCursor = queueCache.TryGetCacheCursor(EventStreamIds.For(busy), b2.SequenceToken).Cursor.ShouldNotBeNull();
        while (busyCursor.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success)
        {
        }

        cache.TryPurgeFromCache(out var purged).ShouldBeTrue();
        purged.ShouldBe([b2, b3]);

        // The waiting tenant's next batch: the agent refreshes its cursor there, and the consumer gets the batch.
        var a4 = Batch(waiting, 4, 1);
        cache.AddToCache([a4]);
        Should.NotThrow(() => waitingCursor.Refresh(a4.SequenceToken), "a refresh behind the cache must not throw out of the agent's read loop");
        waitingCursor.MoveNextWithResult().Kind.ShouldBe(QueueCacheCursorMoveResultKind.Success);
        waitingCursor.GetCurrent(out _).ShouldBeSameAs(a4);
        waitingCursor.MoveNextWithResult().Kind.ShouldBe(QueueCacheCursorMoveResultKind.NoData);

        // Asked for a place older than the cache, a new cursor starts at the oldest batch still cached.
        var late = queueCache.TryGetCacheCursor(EventStreamIds.For(waiting), new EventToken(100, 1)).Cursor.ShouldNotBeNull();
        late.MoveNextWithResult().Kind.ShouldBe(QueueCacheCursorMoveResultKind.Success);
        late.GetCurrent(out _).ShouldBeSameAs(a4);
    }

    private static EventBatch Batch(Guid tenant, long firstPosition, int events) =>
        new(EventStreamIds.For(tenant),
            [.. Enumerable.Range(0, events).Select(_ => EventRows.New(tenant))],
            [.. Enumerable.Range(0, events).Select(i => new EventToken(100, firstPosition + i))]);
}
