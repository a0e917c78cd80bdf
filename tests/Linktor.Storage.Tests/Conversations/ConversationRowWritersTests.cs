using Linktor.Contracts.Conversations;
using Linktor.Storage.Analytics;
using Linktor.Storage.Conversations;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Conversations;

/// <summary>
/// One writer per column of a conversation's list row: the state's write (<see cref="ConversationStore.UpsertAsync"/>)
/// sets the message log's columns only when it creates the row; after that they move with appends alone.
/// </summary>
public sealed class ConversationRowWritersTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static readonly DateTimeOffset Created = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    private ConversationStore Store => ConversationRows.Store(fixture);

    [Fact]
    public async Task TheStatesWriteChangesItsOwnColumnsAndLeavesTheLogsAsTheAppendsLeftThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenantId = await ConversationRows.TenantAsync(fixture, "Writers");
        var created = ConversationRows.Conversation(tenantId, Created);
        await Store.UpsertAsync(created, "visitor", new ConversationTimes { OpenedAt = Created }, 0, [], ct);

        // A later state claims a log the row never saw (as a stale or confused activation might): only the state's
        // own columns are taken.
        var changed = created with
        {
            Status = ConversationStatus.Resolved,
            LastSeq = 7,
            LastActivityAt = Created.AddHours(1),
            UpdatedAt = Created.AddHours(1),
        };
        await Store.UpsertAsync(changed, "visitor", new ConversationTimes { OpenedAt = Created }, 1, [], ct);

        var row = (await Sql.RowsAsync(fixture.DataSource,
            "SELECT status, last_seq, last_activity_at FROM conversations WHERE tenant_id = $1 AND id = $2", tenantId, created.Id)).Single();
        row[0].ShouldBe("resolved");
        row[1].ShouldBe(0L, "last_seq moves only with appends");
        ((DateTime)row[2]!).ShouldBe(Created.UtcDateTime, "last_activity_at moves only with appends");
    }
}
