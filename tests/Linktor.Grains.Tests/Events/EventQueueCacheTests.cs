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

    private static EventBatch Batch(Guid tenant, long firstPosition, int events) =>
        new(EventStreamIds.For(tenant),
            [.. Enumerable.Range(0, events).Select(_ => EventRows.New(tenant))],
            [.. Enumerable.Range(0, events).Select(i => new EventToken(100, firstPosition + i))]);
}
