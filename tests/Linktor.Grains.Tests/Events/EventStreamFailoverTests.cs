using Linktor.Grains.Tests.Infrastructure;
using Linktor.Testing;
using Shouldly;
using Xunit;
using static Linktor.Grains.Tests.Events.ConsumerLog;

namespace Linktor.Grains.Tests.Events;

/// <summary>A crashed silo loses no event: its queues' new readers go on from the durable cursors (a cluster of its own).</summary>
public sealed class EventStreamFailoverTests
{
    private const string First = FirstTestConsumerGrain.ConsumerName;
    private const string Second = SecondTestConsumerGrain.ConsumerName;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static ConsumerLog Log => ConsumerLog.Shared;

    [Fact]
    public async Task AfterTheSiloReadingAQueueIsKilledItsUnconfirmedEventsAreDeliveredAgainFromAnotherSilo()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await PostgresDatabase.CreateAsync(ct: ct);
        await using var cluster = await LinktorTestCluster.StartAsync(database, LinktorTestCluster.NewServiceId());
        var tenant = Guid.NewGuid();
        Log.Watch(tenant);
        var queue = EventAgents.QueueOf(cluster, tenant);
        var owner = await EventAgents.OwnerAsync(cluster, queue, Patience);
        var doomed = owner.Silo.SiloAddress.ToString();

        // Confirmed before the crash: processed by both consumers, and the cursor says so.
        var confirmed = await EventRows.InsertAsync(database.DataSource, queue, EventRows.New(tenant, "e1"), EventRows.New(tenant, "e2"));
        await Log.WaitForProcessedAsync(First, confirmed.Select(r => r.Event), Patience);
        await Log.WaitForProcessedAsync(Second, confirmed.Select(r => r.Event), Patience);
        await Eventually.TrueAsync(async () => await EventRows.CursorAsync(database.DataSource, queue) >= confirmed[^1].At,
            Patience, "the cursor covers e1 and e2", ct);

        // Not confirmed: the second consumer has processed them, the first keeps failing on e3.
        var e3 = EventRows.New(tenant, "e3");
        var e4 = EventRows.New(tenant, "e4");
        Log.Block(First, e3.Id);
        Linktor.Storage.Events.EventPosition last;
        try
        {
            await EventRows.InsertAsync(database.DataSource, queue, e3);
            last = (await EventRows.InsertAsync(database.DataSource, queue, e4))[0].At;
            await Log.WaitForProcessedAsync(Second, [e3, e4], Patience);
            await Eventually.TrueAsync(() => Task.FromResult(Log.Of(First, tenant).Count(d => d.Event.Id == e3.Id && d.Outcome == Outcome.Threw) >= 2),
                Patience, "the first consumer is failing on e3 and being retried", ct);
            Log.Of(Second, tenant).ShouldAllBe(d => d.Silo == doomed, "consumers live on the silo of the agent that calls them");

            await cluster.KillSiloAsync(owner.Silo, ct);
        }
        finally
        {
            Log.Unblock(First, e3.Id);
        }

        await cluster.WaitForLivenessToStabilizeAsync(didKill: true);
        var survivor = await EventAgents.OwnerAsync(cluster, queue, TimeSpan.FromSeconds(90));
        var rescued = survivor.Silo.SiloAddress.ToString();
        rescued.ShouldNotBe(doomed);

        await Eventually.TrueAsync(() => Task.FromResult(
                Log.Of(Second, tenant).Count(d => d.Silo == rescued && d.Outcome == Outcome.Processed) >= 2),
            TimeSpan.FromSeconds(90), "the new reader delivers e3 and e4 again to the second consumer's new activation", ct);
        await Log.WaitForProcessedAsync(First, [e3, e4], Patience);

        Log.ProcessedBy(First, tenant).Select(e => e.Data).ShouldBe(["e1", "e2", "e3", "e4"], "none lost, in order");
        var second = Log.Of(Second, tenant).Where(d => d.Outcome == Outcome.Processed).ToList();
        second.Where(d => d.Silo == rescued).Select(d => d.Event.Data).ShouldBe(["e3", "e4"],
            "what was not confirmed is delivered again, in order, and what was confirmed is not");
        second.Where(d => d.Silo == doomed).Select(d => d.Event.Data).ShouldBe(["e1", "e2", "e3", "e4"]);
        await Eventually.TrueAsync(async () => await EventRows.CursorAsync(database.DataSource, queue) >= last,
            Patience, "the new reader's cursor covers e4 once both consumers have it", ct);
    }
}
