using Linktor.Grains.Events.Streaming;
using Linktor.Storage.Events;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests.Events;

/// <summary>The provider's queues are the table's, and it maps a tenant's stream exactly as the writers pick a row's queue.</summary>
public sealed class EventQueueMapperTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(13)]
    public void TheMapperAndQueueOfAgreeForEveryTenant(int queues)
    {
        var mapper = new EventQueueMapper("linktor-events", queues);

        mapper.GetAllQueues().Select(EventQueueMapper.TableQueue).ShouldBe([.. Enumerable.Range(0, queues).Select(n => (short)n)], ignoreOrder: true);
        for (var i = 0; i < 20_000; i++)
        {
            var tenantId = i % 2 == 0 ? Guid.NewGuid() : Guid.CreateVersion7();
            EventQueueMapper.TableQueue(mapper.GetQueueForStream(EventStreamIds.For(tenantId))).ShouldBe(EventQueues.QueueOf(tenantId, queues));
        }
    }

    [Theory]
    [InlineData(8, 2)]
    [InlineData(8, 3)]
    [InlineData(13, 5)]
    public void EveryQueueFallsInExactlyOneSilosRange(int queues, int silos)
    {
        var mapper = new EventQueueMapper("linktor-events", queues);
        var step = (uint)((1L << 32) / silos);
        var ranges = Enumerable.Range(0, silos)
            .Select(s => RangeFactory.CreateRange(unchecked((uint)s * step + 12345), unchecked((uint)(s + 1) * step + 12345)))
            .ToList();

        var owned = ranges.SelectMany(mapper.GetQueuesForRange).Select(EventQueueMapper.TableQueue).ToList();

        owned.ShouldBe([.. Enumerable.Range(0, queues).Select(n => (short)n)], ignoreOrder: true);
        ranges.ShouldAllBe(r => mapper.GetQueuesForRange(r).Any(), "queues are spread over the ring, not bunched on one silo");
    }
}
