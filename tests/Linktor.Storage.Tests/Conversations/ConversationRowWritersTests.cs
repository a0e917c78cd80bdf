using Linktor.Contracts.Channels;
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

    private ConversationStore Store => new(fixture.DataSource, Microsoft.Extensions.Options.Options.Create(new Linktor.Storage.Events.EventStreamOptions()));

    [Fact]
    public async Task TheStatesWriteChangesItsOwnColumnsAndLeavesTheLogsAsTheAppendsLeftThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenantId = Guid.CreateVersion7();
        await Sql.ExecuteAsync(fixture.DataSource, "INSERT INTO tenants (id, name, slug) VALUES ($1, 'Writers', $2)", tenantId, $"t-{tenantId:N}");
        var created = Conversation(tenantId);
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

    private static ConversationRecord Conversation(Guid tenantId) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        Contact = new ContactSummary { Id = Guid.CreateVersion7() },
        ChannelId = Guid.CreateVersion7(),
        ChannelType = ChannelType.Webchat,
        Status = ConversationStatus.Open,
        CreatedAt = Created,
        UpdatedAt = Created,
    };
}
