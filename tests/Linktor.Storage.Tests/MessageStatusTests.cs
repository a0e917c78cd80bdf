using Linktor.Contracts.Messages;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Shouldly;
using Xunit;
using static Linktor.Storage.Tests.StoredMessages;

namespace Linktor.Storage.Tests;

/// <summary>Delivery states: <see cref="MessageStore.UpdateStatusAsync"/> writes the columns and a history row; the reader replays them.</summary>
public sealed class MessageStatusTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpdateStatusWritesTheColumnsAndAHistoryRow()
    {
        await using var store = Store(fixture);
        var reader = new MessageReader(fixture.DataSource);
        var tenantId = Guid.CreateVersion7();
        var message = Outbound(tenantId, Guid.CreateVersion7(), 1);
        (await store.AppendAsync(message, [])).ShouldBeTrue();
        var sentAt = Truncated(DateTimeOffset.UtcNow);

        await store.UpdateStatusAsync(message with { Status = MessageStatus.Sent, SentAt = sentAt, ExternalId = "wamid.9" }, MessageStatus.Queued, new StatusChange(MessageStatus.Sent, sentAt), null);

        var stored = (await reader.GetAsync(tenantId, message.Id, Ct)).ShouldNotBeNull();
        stored.Status.ShouldBe(MessageStatus.Sent);
        stored.SentAt.ShouldBe(sentAt);
        stored.ExternalId.ShouldBe("wamid.9");
        var history = await Sql.RowsAsync(fixture.DataSource,
            "SELECT status, at, error_code FROM message_status_history WHERE message_id = $1", message.Id);
        history.ShouldHaveSingleItem().ShouldBe(new object?[] { "sent", sentAt.UtcDateTime, null });
    }

    [Fact]
    public async Task TheHistoryStartsWithTheImplicitFirstStatusAndFollowsTheChangesInOrder()
    {
        await using var store = Store(fixture);
        var reader = new MessageReader(fixture.DataSource);
        var tenantId = Guid.CreateVersion7();
        var message = Outbound(tenantId, Guid.CreateVersion7(), 1);
        (await store.AppendAsync(message, [])).ShouldBeTrue();
        var t0 = Truncated(message.CreatedAt);
        var error = new MessageError("131047", "Re-engagement message");

        var failed = message with { Status = MessageStatus.Failed, Error = error };
        await store.UpdateStatusAsync(failed, MessageStatus.Queued, new StatusChange(MessageStatus.Failed, t0.AddSeconds(1), error), null);
        var delivered = failed with { Status = MessageStatus.Delivered, Error = null, SentAt = t0.AddSeconds(2), DeliveredAt = t0.AddSeconds(2) };
        await store.UpdateStatusAsync(delivered, MessageStatus.Failed, new StatusChange(MessageStatus.Delivered, t0.AddSeconds(2)), null);
        var read = delivered with { Status = MessageStatus.Read, ReadAt = t0.AddSeconds(3) };
        await store.UpdateStatusAsync(read, MessageStatus.Delivered, new StatusChange(MessageStatus.Read, t0.AddSeconds(3)), null);

        var stored = (await reader.GetAsync(tenantId, message.Id, Ct)).ShouldNotBeNull();
        stored.Status.ShouldBe(MessageStatus.Read);
        stored.Error.ShouldBeNull("a later delivery clears the failure");
        stored.DeliveredAt.ShouldBe(t0.AddSeconds(2));
        stored.ReadAt.ShouldBe(t0.AddSeconds(3));
        var history = await reader.GetStatusHistoryAsync(stored, Ct);
        history.ShouldBe([
            new StatusChange(MessageStatus.Queued, t0),
            new StatusChange(MessageStatus.Failed, t0.AddSeconds(1), error),
            new StatusChange(MessageStatus.Delivered, t0.AddSeconds(2)),
            new StatusChange(MessageStatus.Read, t0.AddSeconds(3)),
        ]);
    }

    [Fact]
    public async Task ReportsWithTheSameTimestampAreListedInProgressOrder()
    {
        // Providers report in whole seconds: "sent", "delivered" and "read" often share one.
        await using var store = Store(fixture);
        var reader = new MessageReader(fixture.DataSource);
        var tenantId = Guid.CreateVersion7();
        var message = Outbound(tenantId, Guid.CreateVersion7(), 1);
        (await store.AppendAsync(message, [])).ShouldBeTrue();
        var second = new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 1, 1, 12, 0, 0, TimeSpan.Zero);

        var sent = message with { Status = MessageStatus.Sent, SentAt = second };
        await store.UpdateStatusAsync(sent, MessageStatus.Queued, new StatusChange(MessageStatus.Sent, second), null);
        var delivered = sent with { Status = MessageStatus.Delivered, DeliveredAt = second };
        await store.UpdateStatusAsync(delivered, MessageStatus.Sent, new StatusChange(MessageStatus.Delivered, second), null);
        var read = delivered with { Status = MessageStatus.Read, ReadAt = second };
        await store.UpdateStatusAsync(read, MessageStatus.Delivered, new StatusChange(MessageStatus.Read, second), null);

        (await reader.GetStatusHistoryAsync(read, Ct)).Select(h => h.Status)
            .ShouldBe([MessageStatus.Queued, MessageStatus.Sent, MessageStatus.Delivered, MessageStatus.Read]);
    }

    [Fact]
    public async Task AnInboundMessageOrPrivateNoteStartsItsHistoryWithItsStoredStatus()
    {
        await using var store = Store(fixture);
        var reader = new MessageReader(fixture.DataSource);
        var tenantId = Guid.CreateVersion7();
        var inbound = Inbound(tenantId, Guid.CreateVersion7(), 1);
        var note = Outbound(tenantId, Guid.CreateVersion7(), 1) with { Private = true, Status = MessageStatus.Sent, SentAt = DateTimeOffset.UtcNow };
        (await store.AppendAsync(inbound, [])).ShouldBeTrue();
        (await store.AppendAsync(note, [])).ShouldBeTrue();

        (await reader.GetStatusHistoryAsync((await reader.GetAsync(tenantId, inbound.Id, Ct))!, Ct)).Select(h => h.Status).ShouldBe([MessageStatus.Delivered]);
        (await reader.GetStatusHistoryAsync((await reader.GetAsync(tenantId, note.Id, Ct))!, Ct)).Select(h => h.Status).ShouldBe([MessageStatus.Sent]);
    }

    [Fact]
    public async Task AStatusUpdateWithAnotherTenantsIdChangesNothing()
    {
        await using var store = Store(fixture);
        var tenantId = Guid.CreateVersion7();
        var message = Outbound(tenantId, Guid.CreateVersion7(), 1);
        (await store.AppendAsync(message, [])).ShouldBeTrue();

        await store.UpdateStatusAsync(message with { TenantId = Guid.CreateVersion7(), Status = MessageStatus.Read }, MessageStatus.Queued, new StatusChange(MessageStatus.Read, DateTimeOffset.UtcNow), null);

        (await new MessageReader(fixture.DataSource).GetAsync(tenantId, message.Id, Ct)).ShouldNotBeNull().Status.ShouldBe(MessageStatus.Queued);
        (await Sql.ScalarAsync<long>(fixture.DataSource, "SELECT count(*) FROM message_status_history WHERE message_id = $1 AND tenant_id = $2", message.Id, tenantId))
            .ShouldBe(0);
    }

    private static DateTimeOffset Truncated(DateTimeOffset value) => value.AddTicks(-(value.Ticks % 10));
}
