using Linktor.Storage.Events;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Events;

/// <summary>
/// The outbox reader's SQL against a real PostgreSQL: rows of one queue after a position, in <c>(txid, position)</c>
/// order, never past a transaction still running; durable cursors that only move forward; purge of delivered rows.
/// Every test uses a queue of its own (queues are independent: a queue number is all that relates rows).
/// </summary>
public sealed class EventStoreTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static int s_nextQueue = 100;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EventStore Store => new(fixture.DataSource);

    private static short NewQueue() => (short)Interlocked.Increment(ref s_nextQueue);

    [Fact]
    public async Task ReadsOneQueueInTxidPositionOrderAfterTheGivenPosition()
    {
        var queue = NewQueue();
        var tenant = Guid.NewGuid();
        var first = await EventRows.InsertAsync(fixture.DataSource, queue, EventRows.New(tenant, "a"), EventRows.New(tenant, "b"));
        await EventRows.InsertAsync(fixture.DataSource, (short)(queue + 1000), EventRows.New(tenant, "another queue"));
        var second = await EventRows.InsertAsync(fixture.DataSource, queue, EventRows.New(tenant, "c"));
        var written = first.Concat(second).ToList();

        var all = await ReadEventuallyAsync(queue, EventPosition.Start, 3);

        all.Select(r => r.Event).ShouldBe(written.Select(r => r.Event));
        all.Select(r => r.At).ShouldBe(written.Select(r => r.At), "the txid (xid8) and position read back are those the insert returned");
        all.Select(r => r.At).ShouldBeInOrder();
        (await Store.ReadAfterAsync(queue, EventPosition.Start, 2, Ct)).Select(r => r.Event.Data).ShouldBe(["a", "b"], "the limit holds");
        (await Store.ReadAfterAsync(queue, all[0].At, 10, Ct)).Select(r => r.Event.Data).ShouldBe(["b", "c"], "reading resumes strictly after the position");
        (await Store.ReadAfterAsync(queue, all[2].At, 10, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ARowOfATransactionThatCommitsLateIsReadAfterTheCursorHasPassedLaterRows()
    {
        var queue = NewQueue();
        var tenant = Guid.NewGuid();
        await using var early = await fixture.DataSource.OpenConnectionAsync(Ct);
        StoredEventRow late;
        StoredEventRow committed;
        await using (var tx = await early.BeginTransactionAsync(Ct))
        {
            // Takes its txid (and a lower position) first, but commits last.
            late = (await EventRows.InsertAsync(early, queue, EventRows.New(tenant, "late")))[0];
            committed = (await EventRows.InsertAsync(fixture.DataSource, queue, EventRows.New(tenant, "committed")))[0];
            committed.At.ShouldBeGreaterThan(late.At);

            // The committed row is visible, but not below the oldest running transaction (ours): reading it now and
            // moving the cursor past it would skip the late row for good.
            (await Store.ReadAfterAsync(queue, EventPosition.Start, 10, Ct)).ShouldBeEmpty();
            await tx.CommitAsync(Ct);
        }

        var rows = await ReadEventuallyAsync(queue, EventPosition.Start, 2);
        rows.Select(r => r.Event.Data).ShouldBe(["late", "committed"]);
    }

    [Fact]
    public async Task TheCursorIsUnsetUntilSavedAndNeverMovesBack()
    {
        var queue = NewQueue();
        (await Store.LoadCursorAsync(queue, Ct)).ShouldBeNull();

        (await Store.SaveCursorAsync(queue, new EventPosition(1000, 7), Ct)).ShouldBeTrue();
        (await Store.LoadCursorAsync(queue, Ct)).ShouldBe(new EventPosition(1000, 7));

        (await Store.SaveCursorAsync(queue, new EventPosition(1000, 6), Ct)).ShouldBeFalse("a slower reader's older progress");
        (await Store.SaveCursorAsync(queue, new EventPosition(999, 50), Ct)).ShouldBeFalse("txid orders before position");
        (await Store.LoadCursorAsync(queue, Ct)).ShouldBe(new EventPosition(1000, 7));

        (await Store.SaveCursorAsync(queue, new EventPosition(1001, 1), Ct)).ShouldBeTrue();
        (await Store.LoadCursorAsync(queue, Ct)).ShouldBe(new EventPosition(1001, 1));
        (await Store.LoadCursorAsync(NewQueue(), Ct)).ShouldBeNull("cursors are per queue");
    }

    [Fact]
    public async Task PurgeDeletesOnlyDeliveredRowsOlderThanTheCutoff()
    {
        var queue = NewQueue();
        var other = NewQueue();
        var tenant = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var old = now.AddHours(-2);
        var delivered = await EventRows.InsertAsync(fixture.DataSource, queue,
            EventRows.New(tenant, "old delivered 1", old), EventRows.New(tenant, "old delivered 2", old), EventRows.New(tenant, "young delivered", now));
        await EventRows.InsertAsync(fixture.DataSource, queue, EventRows.New(tenant, "old undelivered", old));
        await EventRows.InsertAsync(fixture.DataSource, other, EventRows.New(tenant, "old, another queue", old));
        await Store.SaveCursorAsync(queue, delivered[^1].At, Ct);
        await Store.SaveCursorAsync(other, new EventPosition(ulong.MaxValue, long.MaxValue), Ct);
        await ReadEventuallyAsync(queue, EventPosition.Start, 4);

        (await Store.PurgeDeliveredAsync(queue, now.AddHours(-1), 100, Ct)).ShouldBe(2);

        (await DataOfAsync(queue)).ShouldBe(["young delivered", "old undelivered"], "the young row is within its retention, the other is past the cursor");
        (await DataOfAsync(other)).ShouldBe(["old, another queue"], "another queue's rows are that queue's purge to do");
        (await Store.PurgeDeliveredAsync(queue, now.AddHours(-1), 100, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task PurgeDeletesAtMostItsChunkAndNothingBeforeTheFirstCursor()
    {
        var queue = NewQueue();
        var tenant = Guid.NewGuid();
        var old = DateTimeOffset.UtcNow.AddDays(-1);
        var rows = await EventRows.InsertAsync(fixture.DataSource, queue, [.. Enumerable.Range(1, 5).Select(i => EventRows.New(tenant, $"e{i}", old))]);
        await ReadEventuallyAsync(queue, EventPosition.Start, 5);

        (await Store.PurgeDeliveredAsync(queue, DateTimeOffset.UtcNow, 100, Ct)).ShouldBe(0, "no cursor: nothing is known to be delivered");

        await Store.SaveCursorAsync(queue, rows[^1].At, Ct);
        (await Store.PurgeDeliveredAsync(queue, DateTimeOffset.UtcNow, 2, Ct)).ShouldBe(2);
        (await DataOfAsync(queue)).ShouldBe(["e3", "e4", "e5"], "the oldest go first");
        (await Store.PurgeDeliveredAsync(queue, DateTimeOffset.UtcNow, 2, Ct)).ShouldBe(2);
        (await Store.PurgeDeliveredAsync(queue, DateTimeOffset.UtcNow, 2, Ct)).ShouldBe(1);
        (await DataOfAsync(queue)).ShouldBeEmpty();
    }

    /// <summary>
    /// Reads until <paramref name="count"/> rows are there: any transaction running anywhere on the shared server
    /// (other tests' included) holds reads back until it ends, which is the point, but it takes a moment.
    /// </summary>
    private async Task<IReadOnlyList<StoredEventRow>> ReadEventuallyAsync(short queue, EventPosition after, int count) =>
        await Eventually.GetAsync(async () =>
        {
            var rows = await Store.ReadAfterAsync(queue, after, 100, Ct);
            return rows.Count >= count ? rows : null;
        }, TimeSpan.FromSeconds(20), $"{count} rows of queue {queue} become readable");

    private async Task<IReadOnlyList<string>> DataOfAsync(short queue) =>
        [.. (await Sql.RowsAsync(fixture.DataSource, "SELECT data FROM events WHERE queue = $1 ORDER BY txid, position", queue)).Select(r => (string)r[0]!)];
}
