using Linktor.Grains.Events.Streaming;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Storage.Events;
using Linktor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Streams;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests.Events;

/// <summary>
/// The receiver on its own (as the pulling agent drives it), on the cluster's database but on a queue no agent reads
/// (queue 700 of a 1024-queue mapper; the cluster has 8): the durable cursor advances over batches the cache gave
/// back, in read order, and never past one that left the cache undelivered.
/// </summary>
public sealed class EventQueueReceiverTests(ClusterFixture fixture)
{
    private const short Queue = 700;

    [Fact]
    public async Task TheCursorCoversPurgedBatchesInReadOrderAndHoldsBeforeOneThatWasNotDelivered()
    {
        var db = fixture.Database.DataSource;
        var adapter = new EventQueueAdapter("test", new EventStore(db), new EventStreamOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        var queueId = new EventQueueMapper("test", EventQueues.MaxQueues).GetAllQueues().Single(q => EventQueueMapper.TableQueue(q) == Queue);
        var receiver = (EventQueueReceiver)adapter.CreateReceiver(queueId);
        await receiver.Initialize(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        for (var i = 0; i < 4; i++)
        {
            await EventRows.InsertAsync(db, Queue, EventRows.New(Guid.NewGuid(), $"e{i + 1}"));
        }

        var batches = (await ReadAsync(receiver, 4)).Cast<EventBatch>().ToList();
        batches.Select(b => b.Events.Single().Data).ShouldBe(["e1", "e2", "e3", "e4"], "one batch per tenant run, in table order");

        await receiver.MessagesDeliveredAsync([batches[0]], TestContext.Current.CancellationToken);
        (await EventRows.CursorAsync(db, Queue)).ShouldBe(batches[0].Last);

        // e2 left the cache without being delivered (Orleans leaves such batches out of what it hands back).
        await receiver.MessagesDeliveredAsync([batches[2]], TestContext.Current.CancellationToken);
        await receiver.MessagesDeliveredAsync([batches[3]], TestContext.Current.CancellationToken);
        (await EventRows.CursorAsync(db, Queue)).ShouldBe(batches[0].Last, "the cursor never passes e2");

        var next = (EventQueueReceiver)adapter.CreateReceiver(queueId);
        await next.Initialize(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        (await ReadAsync(next, 3)).Cast<EventBatch>().Select(b => b.Events.Single().Data).ShouldBe(["e2", "e3", "e4"],
            "the queue's next reader delivers e2 again (and what follows: consumers drop repeats)");
        await next.Shutdown(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        await receiver.Shutdown(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void TokensOrderByTxidThenPositionAndBatchesCrossGrainBoundariesIntact()
    {
        new EventToken(5, 100).ShouldBeLessThan(new EventToken(6, 1));
        new EventToken(6, 1).ShouldBeLessThan(new EventToken(6, 2));
        new EventToken(6, 2).Equals(new EventToken(6, 2)).ShouldBeTrue();
        Should.Throw<ArgumentOutOfRangeException>(() => new EventToken(1, 1).CompareTo(new Orleans.Providers.Streams.Common.EventSequenceTokenV2(1)));

        var tenant = Guid.NewGuid();
        var batch = new EventBatch(EventStreamIds.For(tenant), [EventRows.New(tenant, "a"), EventRows.New(tenant, "b")], [new EventToken(7, 1), new EventToken(7, 2)]);
        var serializer = fixture.Client.ServiceProvider.GetRequiredService<Serializer>();
        var copy = serializer.Deserialize<IBatchContainer>(serializer.SerializeToArray<IBatchContainer>(batch)).ShouldBeOfType<EventBatch>();

        copy.StreamId.ShouldBe(batch.StreamId);
        copy.Events.ShouldBe(batch.Events);
        copy.Tokens.ShouldBe(batch.Tokens);
        copy.GetEvents<Linktor.Contracts.Events.StoredEvent>().Select(e => (e.Item1.Data, e.Item2)).ShouldBe([("a", batch.Tokens[0]), ("b", batch.Tokens[1])]);
        EventStreamIds.TryGetTenant(copy.StreamId, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(tenant);
    }

    private static async Task<List<IBatchContainer>> ReadAsync(EventQueueReceiver receiver, int count)
    {
        var read = new List<IBatchContainer>();
        await Eventually.TrueAsync(async () =>
        {
            read.AddRange(await receiver.GetQueueMessagesAsync(100, TestContext.Current.CancellationToken));
            return read.Count >= count;
        }, TimeSpan.FromSeconds(20), $"{count} batches are read", TestContext.Current.CancellationToken);
        return read;
    }
}
