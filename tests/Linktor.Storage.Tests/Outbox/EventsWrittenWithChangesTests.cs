using Linktor.Contracts.Messages;
using Linktor.Storage.Events;
using Linktor.Testing;
using Shouldly;
using Xunit;
using static Linktor.Storage.Tests.StoredMessages;

namespace Linktor.Storage.Tests.Outbox;

/// <summary>
/// The transactional outbox: the message store writes a change's events in the statement of the change, so an event
/// exists exactly when its change does — a refused append or a superseded status update writes none.
/// </summary>
public sealed class EventsWrittenWithChangesTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task AnAppendWritesItsEventsAndARefusedDuplicateWritesNone()
    {
        await using var store = Store(fixture);
        var tenantId = Guid.CreateVersion7();
        var conversationId = Guid.CreateVersion7();
        var first = Outbound(tenantId, conversationId, 1);
        var clash = Outbound(tenantId, conversationId, 1, "same seq");

        (await store.AppendAsync(first, [Event(tenantId, conversationId, "message.created", "first")])).ShouldBeTrue();
        (await store.AppendAsync(clash, [Event(tenantId, conversationId, "message.created", "clash")])).ShouldBeFalse();

        (await EventsOfAsync(tenantId)).ShouldBe([("message.created", "first")], "only the stored message is announced");
        var row = (await Sql.RowsAsync(fixture.DataSource, "SELECT queue, conversation_id FROM events WHERE tenant_id = $1", tenantId)).Single();
        ((short)row[0]!).ShouldBe(EventQueues.QueueOf(tenantId, 8), "the queue of the tenant's stream");
        row[1].ShouldBe(conversationId);
    }

    [Fact]
    public async Task ManyAppendsInOneBatchWriteEachMessagesEventInTheOrderGiven()
    {
        await using var store = Store(fixture, writerConcurrency: 1);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var conversationId = Guid.CreateVersion7();
        await using (var gate = await BatchGate.CloseAsync(fixture.DataSource, store, tenantId, TestContext.Current.CancellationToken))
        {
            var pending = Enumerable.Range(1, 20)
                .Select(seq => store.AppendAsync(Outbound(tenantId, conversationId, seq), [Event(tenantId, conversationId, "message.created", $"m{seq}")]))
                .ToList();
            await gate.OpenAsync();
            (await Task.WhenAll(pending)).ShouldAllBe(stored => stored);
        }

        (await EventsOfAsync(tenantId)).Select(e => e.Data).ShouldBe(Enumerable.Range(1, 20).Select(i => $"m{i}"));
    }

    [Fact]
    public async Task AStatusUpdateWritesItsEventOnlyWhenTheStatusItMergedFromIsStillStored()
    {
        await using var store = Store(fixture);
        var tenantId = Guid.CreateVersion7();
        var message = Outbound(tenantId, Guid.CreateVersion7(), 1);
        (await store.AppendAsync(message, [])).ShouldBeTrue();
        var at = DateTimeOffset.UtcNow;
        var sent = message with { Status = MessageStatus.Sent, SentAt = at, ExternalId = "wamid.1" };

        (await store.UpdateStatusAsync(sent, MessageStatus.Queued, new StatusChange(MessageStatus.Sent, at), Event(tenantId, message.ConversationId, "message.updated", "sent")))
            .ShouldBeTrue();
        // A writer that still believed the message queued (a repeated record, a stale copy) changes nothing.
        var stale = message with { Status = MessageStatus.Failed, Error = new MessageError("x", "stale") };
        (await store.UpdateStatusAsync(stale, MessageStatus.Queued, new StatusChange(MessageStatus.Failed, at), Event(tenantId, message.ConversationId, "message.updated", "stale")))
            .ShouldBeFalse();

        (await EventsOfAsync(tenantId)).ShouldBe([("message.updated", "sent")]);
        (await new Messages.MessageReader(fixture.DataSource).GetAsync(tenantId, message.Id, TestContext.Current.CancellationToken)).ShouldNotBeNull().Status.ShouldBe(MessageStatus.Sent);
        (await Sql.ScalarAsync<long>(fixture.DataSource, "SELECT count(*) FROM message_status_history WHERE message_id = $1", message.Id)).ShouldBe(1);
    }

    private static NewEvent Event(Guid tenantId, Guid conversationId, string name, string data) =>
        new(Guid.CreateVersion7(), tenantId, name, conversationId, DateTimeOffset.UtcNow, data);

    private async Task<IReadOnlyList<(string Name, string Data)>> EventsOfAsync(Guid tenantId) =>
        [.. (await Sql.RowsAsync(fixture.DataSource, "SELECT name, data FROM events WHERE tenant_id = $1 ORDER BY txid, position", tenantId))
            .Select(r => ((string)r[0]!, (string)r[1]!))];
}
