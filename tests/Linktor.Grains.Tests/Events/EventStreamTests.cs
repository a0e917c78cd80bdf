using Linktor.Contracts.Events;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Storage.Events;
using Linktor.Testing;
using Shouldly;
using Xunit;
using static Linktor.Grains.Tests.Events.ConsumerLog;

namespace Linktor.Grains.Tests.Events;

/// <summary>
/// The events outbox through the real Orleans runtime: rows inserted by plain SQL reach the implicit consumer grains
/// (two consumer types on the namespace) through the pulling agents, in order per tenant, and the queue's durable
/// cursor follows only what both have processed. Tests that hold a queue back use a queue of their own.
/// </summary>
public sealed class EventStreamTests(ClusterFixture fixture)
{
    private const string First = FirstTestConsumerGrain.ConsumerName;
    private const string Second = SecondTestConsumerGrain.ConsumerName;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static ConsumerLog Log => ConsumerLog.Shared;

    private Npgsql.NpgsqlDataSource Db => fixture.Database.DataSource;

    [Fact]
    public async Task RowsInsertedInSqlReachEveryImplicitConsumerInOrderOnceEach()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        Log.Watch(a);
        Log.Watch(b);
        var qa = EventAgents.QueueOf(fixture.Cluster, a);
        var qb = EventAgents.QueueOf(fixture.Cluster, b);
        StoredEvent[] aEvents = [.. Enumerable.Range(1, 5).Select(i => EventRows.New(a, $"a{i}"))];
        StoredEvent[] bEvents = [EventRows.New(b, "b1"), EventRows.New(b, "b2")];

        // One transaction of three, then transactions that interleave the tenants (and, when they differ, the queues).
        await EventRows.InsertAsync(Db, qa, aEvents[0], aEvents[1], aEvents[2]);
        await EventRows.InsertAsync(Db, qb, bEvents[0]);
        await EventRows.InsertAsync(Db, qa, aEvents[3]);
        await using (var connection = await Db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        await using (var tx = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            await EventRows.InsertAsync(connection, qb, bEvents[1]);
            await EventRows.InsertAsync(connection, qa, aEvents[4]);
            await tx.CommitAsync(TestContext.Current.CancellationToken);
        }

        foreach (var consumer in new[] { First, Second })
        {
            await Log.WaitForProcessedAsync(consumer, aEvents, Patience);
            await Log.WaitForProcessedAsync(consumer, bEvents, Patience);
        }

        foreach (var consumer in new[] { First, Second })
        {
            foreach (var (tenant, events) in new[] { (a, aEvents), (b, bEvents) })
            {
                var deliveries = Log.Of(consumer, tenant);
                deliveries.Select(d => d.Event).ShouldBe(events, $"{consumer} gets tenant {tenant}'s events in order, each once");
                deliveries.ShouldAllBe(d => d.Outcome == Outcome.Processed && d.Attempt == 1);
            }

            var firstTransaction = Log.Of(consumer, a).Take(3).Select(d => d.BatchId).Distinct();
            firstTransaction.Count().ShouldBe(1, "rows of one tenant read by one poll arrive as one batch");
        }
    }

    [Fact]
    public async Task AnEventWhoseTransactionCommitsAfterALaterOneIsDeliveredNotSkipped()
    {
        var tenant = EventRows.TenantOnQueue(1, EventAgents.QueueCount(fixture.Cluster));
        Log.Watch(tenant);
        var owner = await EventAgents.OwnerAsync(fixture.Cluster, 1, Patience);
        var late = EventRows.New(tenant, "late");
        var committed = EventRows.New(tenant, "committed");

        await using (var connection = await Db.OpenConnectionAsync(TestContext.Current.CancellationToken))
        await using (var tx = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            // The late event takes its transaction id and position first; the other commits while it is still open.
            var lateRow = (await EventRows.InsertAsync(connection, 1, late))[0];
            var committedRow = (await EventRows.InsertAsync(Db, 1, committed))[0];
            committedRow.At.ShouldBeGreaterThan(lateRow.At);

            // The agent polls the queue while the committed row is visible and the late one is not; had it read the
            // committed one, its read position would now be past the late one for good.
            await EventAgents.WaitForPollsAsync(owner.Receiver, 3, Patience);
            await tx.CommitAsync(TestContext.Current.CancellationToken);
        }

        await Log.WaitForProcessedAsync(First, [late, committed], Patience);
        Log.ProcessedBy(First, tenant).ShouldBe([late, committed]);
        await Log.WaitForProcessedAsync(Second, [late, committed], Patience);
        Log.ProcessedBy(Second, tenant).ShouldBe([late, committed]);
    }

    [Fact]
    public async Task AConsumerThatThrowsGetsTheEventAgainAndItsLaterEventsWaitBehindIt()
    {
        var tenant = EventRows.TenantOnQueue(2, EventAgents.QueueCount(fixture.Cluster));
        Log.Watch(tenant);
        StoredEvent[] events = [EventRows.New(tenant, "e1"), EventRows.New(tenant, "e2"), EventRows.New(tenant, "e3")];
        Log.ThrowFor(First, events[1].Id, times: 3);

        foreach (var e in events)
        {
            await EventRows.InsertAsync(Db, 2, e);
        }

        await Log.WaitForProcessedAsync(First, events, Patience);
        await Log.WaitForProcessedAsync(Second, events, Patience);

        Log.ProcessedBy(First, tenant).ShouldBe(events, "the failing event is not skipped, and order holds");
        var first = Log.Of(First, tenant);
        first.Where(d => d.Event.Id == events[1].Id).Select(d => d.Outcome)
            .ShouldBe([Outcome.Threw, Outcome.Threw, Outcome.Threw, Outcome.Processed], "three failed attempts, then the retry that succeeds");
        var e2Done = first.Single(d => d.Event.Id == events[1].Id && d.Outcome == Outcome.Processed).Sequence;
        first.Where(d => d.Event.Id == events[2].Id).ShouldAllBe(d => d.Sequence > e2Done, "e3 reaches the consumer only after e2 is processed");
        Log.Of(Second, tenant).Select(d => d.Event).ShouldBe(events, "another consumer is not held back or given repeats");
    }

    [Fact]
    public async Task TheDurableCursorMovesOnlyPastWhatEveryConsumerHasProcessed()
    {
        const short queue = 3;
        var tenant = EventRows.TenantOnQueue(queue, EventAgents.QueueCount(fixture.Cluster));
        Log.Watch(tenant);
        var owner = await EventAgents.OwnerAsync(fixture.Cluster, queue, Patience);
        var e1 = (await EventRows.InsertAsync(Db, queue, EventRows.New(tenant, "e1")))[0];
        await Log.WaitForProcessedAsync(First, [e1.Event], Patience);
        await Log.WaitForProcessedAsync(Second, [e1.Event], Patience);
        await CursorReachesAsync(queue, e1.At);

        var e2 = EventRows.New(tenant, "e2");
        var e3 = EventRows.New(tenant, "e3");
        Log.Hold(First, e2.Id);
        try
        {
            var rows = new List<StoredEventRow>();
            rows.AddRange(await EventRows.InsertAsync(Db, queue, e2));
            rows.AddRange(await EventRows.InsertAsync(Db, queue, e3));
            await Log.WaitForProcessedAsync(Second, [e2, e3], Patience);
            await Eventually.TrueAsync(() => Task.FromResult(Log.Of(First, tenant).Any(d => d.Event.Id == e2.Id && d.Outcome == Outcome.Held)),
                Patience, "the first consumer is busy with e2", TestContext.Current.CancellationToken);

            // Polls are when the agent hands the receiver what its cache let go of, and the receiver saves the cursor.
            await EventAgents.WaitForPollsAsync(owner.Receiver, 3, Patience);
            var cursor = (await EventRows.CursorAsync(Db, queue)).ShouldNotBeNull();
            cursor.ShouldBeLessThan(rows[0].At, "the second consumer is done with e2 and e3, the first is not");
            cursor.ShouldBeGreaterThanOrEqualTo(e1.At);

            Log.Release(First, e2.Id);
            await Log.WaitForProcessedAsync(First, [e2, e3], Patience);
            await CursorReachesAsync(queue, rows[1].At);
        }
        finally
        {
            Log.Release(First, e2.Id);
        }
    }

    private Task CursorReachesAsync(short queue, EventPosition at) =>
        Eventually.TrueAsync(async () => await EventRows.CursorAsync(Db, queue) >= at, Patience, $"queue {queue}'s cursor reaches {at}", TestContext.Current.CancellationToken);
}
