using Linktor.Contracts.Conversations;
using Linktor.Storage.Analytics;
using Linktor.Storage.Conversations;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Storage.Tests.Conversations;

/// <summary>
/// One writer per column of a conversation's list row: the state's write (<see cref="ConversationStore.UpsertAsync"/>)
/// sets the message log's columns only when it creates the row; after that they move with appends alone. What the
/// list shows from both (the unread count, the updated time) is derived from one column of each.
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
        await Store.UpsertAsync(created, "visitor", new ConversationTimes { OpenedAt = Created }, 0, 0, [], ct);

        // A later state claims a log the row never saw (as a stale or confused activation might): only the state's
        // own columns are taken.
        var changed = created with
        {
            Status = ConversationStatus.Resolved,
            LastSeq = 7,
            LastActivityAt = Created.AddHours(1),
            UpdatedAt = Created.AddHours(1),
        };
        await Store.UpsertAsync(changed, "visitor", new ConversationTimes { OpenedAt = Created }, 0, 1, [], ct);

        var row = (await Sql.RowsAsync(fixture.DataSource,
            "SELECT status, last_seq, last_activity_at FROM conversations WHERE tenant_id = $1 AND id = $2", tenantId, created.Id)).Single();
        row[0].ShouldBe("resolved");
        row[1].ShouldBe(0L, "last_seq moves only with appends");
        ((DateTime)row[2]!).ShouldBe(Created.UtcDateTime, "last_activity_at moves only with appends");
    }

    [Fact]
    public async Task TheUnreadCountIsTheInboundAppendsLessTheReadOnesWhicheverIsWrittenFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenantId = await ConversationRows.TenantAsync(fixture, "Unread");
        var conversation = ConversationRows.Conversation(tenantId, Created);
        await Store.UpsertAsync(conversation, "visitor", new ConversationTimes { OpenedAt = Created }, 0, 0, [], ct);
        await using var messages = StoredMessages.Store(fixture);
        foreach (var m in new[]
        {
            StoredMessages.Inbound(tenantId, conversation.Id, 1), StoredMessages.Inbound(tenantId, conversation.Id, 2),
            StoredMessages.Outbound(tenantId, conversation.Id, 3), StoredMessages.Inbound(tenantId, conversation.Id, 4),
        })
        {
            (await messages.AppendAsync(m, [])).ShouldBeTrue();
        }

        (await UnreadAsync(conversation.Id)).ShouldBe(3);

        // An agent read up to seq 2 (two inbound messages); the state's write says so after another inbound message
        // was appended, and a duplicate delivery of one changes nothing.
        (await messages.AppendAsync(StoredMessages.Inbound(tenantId, conversation.Id, 5), [])).ShouldBeTrue();
        (await messages.AppendAsync(StoredMessages.Inbound(tenantId, conversation.Id, 5, "again"), [])).ShouldBeFalse();
        await Store.UpsertAsync(conversation with { UnreadCount = 2, LastSeq = 4 }, "visitor", new ConversationTimes { OpenedAt = Created }, 2, 1, [], ct);

        (await UnreadAsync(conversation.Id)).ShouldBe(2, "4 inbound messages stored, 2 of them read");
    }

    [Fact]
    public async Task TheListShowsTheLaterOfTheStatesChangeAndTheLastMessageAsTheUpdatedTime()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenantId = await ConversationRows.TenantAsync(fixture, "Updated");
        var conversation = ConversationRows.Conversation(tenantId, Created);
        await Sql.ExecuteAsync(fixture.DataSource,
            "INSERT INTO contacts (id, tenant_id, created_at, updated_at) VALUES ($1, $2, $3, $3)", conversation.Contact.Id, tenantId, Created);
        var stateChanged = Created.AddMinutes(10);
        await Store.UpsertAsync(conversation with { UpdatedAt = stateChanged }, "visitor", new ConversationTimes { OpenedAt = Created }, 0, 0, [], ct);
        var queries = new ConversationQueries(fixture.DataSource);

        (await queries.GetAsync(tenantId, conversation.Id, ct))!.UpdatedAt.ShouldBe(stateChanged);

        await using var messages = StoredMessages.Store(fixture);
        var message = StoredMessages.Inbound(tenantId, conversation.Id, 1) with { CreatedAt = Created.AddMinutes(20) };
        (await messages.AppendAsync(message, [])).ShouldBeTrue();

        var read = (await queries.GetAsync(tenantId, conversation.Id, ct))!;
        read.UpdatedAt.ShouldBe(message.CreatedAt, TimeSpan.FromMilliseconds(1));
        read.LastActivityAt!.Value.ShouldBe(message.CreatedAt, TimeSpan.FromMilliseconds(1));
    }

    private async Task<int> UnreadAsync(Guid conversationId) =>
        await Sql.ScalarAsync<int>(fixture.DataSource, "SELECT unread_count FROM conversations WHERE id = $1", conversationId);
}
