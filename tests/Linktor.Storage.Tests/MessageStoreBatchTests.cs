using Linktor.Contracts.Messages;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Npgsql;
using Shouldly;
using Xunit;
using static Linktor.Storage.Tests.StoredMessages;

namespace Linktor.Storage.Tests;

/// <summary>
/// What one group-commit batch does, made deterministic with a <see cref="BatchGate"/>: the messages under test share
/// one multi-row statement.
/// </summary>
public sealed class MessageStoreBatchTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private const int BatchSplitEvent = 1201;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneBadMessageInABatchFailsAloneAndTheOthersAreStored()
    {
        var logger = new CapturingLogger<MessageStore>();
        await using var store = Store(fixture, writerConcurrency: 1, logger: logger);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var conversationId = await CreateConversationRowAsync(fixture.DataSource, tenantId);
        var good = Enumerable.Range(1, 40).Select(seq => Inbound(tenantId, conversationId, seq)).ToList();
        // PostgreSQL text cannot hold NUL: a provider or visitor can send one, the database refuses it (SQLSTATE 22xxx).
        var bad = Inbound(tenantId, Guid.CreateVersion7(), 1, "bad\u0000text");

        await using var gate = await BatchGate.CloseAsync(fixture.DataSource, store, tenantId, Ct);
        var goodTasks = good.Take(20).Select(m => store.AppendAsync(m, [])).ToList();
        var badTask = store.AppendAsync(bad, []);
        goodTasks.AddRange(good.Skip(20).Select(m => store.AppendAsync(m, [])));
        await gate.OpenAsync();

        var error = await Should.ThrowAsync<PostgresException>(badTask);
        error.SqlState.ShouldStartWith("22");
        (await Task.WhenAll(goodTasks)).ShouldAllBe(inserted => inserted);
        (await CountAsync(fixture.DataSource, "conversation_id = $1", conversationId)).ShouldBe(40);
        (await CountAsync(fixture.DataSource, "id = $1", bad.Id)).ShouldBe(0);
        (await ConversationRowAsync(fixture.DataSource, tenantId, conversationId)).ShouldBe((40L, good[^1].Id, 40));
        logger.Entries.Count(e => e.EventId.Id == BatchSplitEvent).ShouldBe(1, "the bad message shared a batch with the good ones");
    }

    [Fact]
    public async Task AMessageTheDriverCannotEncodeFailsAloneAndTheOthersAreStored()
    {
        await using var store = Store(fixture, writerConcurrency: 1);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var conversationId = await CreateConversationRowAsync(fixture.DataSource, tenantId);
        var good = Enumerable.Range(1, 10).Select(seq => Inbound(tenantId, conversationId, seq)).ToList();
        // A lone UTF-16 surrogate has no UTF-8 form: the failure comes from the client, before PostgreSQL sees the batch.
        var bad = Inbound(tenantId, Guid.CreateVersion7(), 1, "broken \uD800 text");

        await using var gate = await BatchGate.CloseAsync(fixture.DataSource, store, tenantId, Ct);
        var badTask = store.AppendAsync(bad, []);
        var goodTasks = good.Select(m => store.AppendAsync(m, [])).ToList();
        await gate.OpenAsync();

        await Should.ThrowAsync<System.Text.EncoderFallbackException>(badTask);
        (await Task.WhenAll(goodTasks)).ShouldAllBe(inserted => inserted);
        (await CountAsync(fixture.DataSource, "conversation_id = $1", conversationId)).ShouldBe(10);
    }

    [Fact]
    public async Task DuplicatesInsideOneBatchAreRefusedAndOnlyTheStoredOneMovesTheListRow()
    {
        await using var store = Store(fixture, writerConcurrency: 1);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var conversationId = await CreateConversationRowAsync(fixture.DataSource, tenantId);
        var first = Inbound(tenantId, conversationId, 1, "first") with { ExternalId = "p-1" };
        var sameSeq = Inbound(tenantId, conversationId, 1, "same seq");
        var sameProviderId = Inbound(tenantId, Guid.CreateVersion7(), 1, "same provider id", channelId: first.ChannelId) with { ExternalId = "p-1" };

        await using var gate = await BatchGate.CloseAsync(fixture.DataSource, store, tenantId, Ct);
        var appends = new[] { store.AppendAsync(first, []), store.AppendAsync(sameSeq, []), store.AppendAsync(sameProviderId, []) };
        await gate.OpenAsync();

        (await Task.WhenAll(appends)).ShouldBe([true, false, false]);
        (await CountAsync(fixture.DataSource, "tenant_id = $1 AND id = ANY($2)", tenantId, new[] { first.Id, sameSeq.Id, sameProviderId.Id })).ShouldBe(1);
        (await ConversationRowAsync(fixture.DataSource, tenantId, conversationId)).ShouldBe((1L, first.Id, 1));
    }

    [Fact]
    public async Task SeveralMessagesOfOneConversationInOneBatchLeaveTheListRowAtTheLast()
    {
        await using var store = Store(fixture, writerConcurrency: 1);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var conversationId = await CreateConversationRowAsync(fixture.DataSource, tenantId);
        var messages = Enumerable.Range(1, 5).Select(seq => Inbound(tenantId, conversationId, seq)).ToList();

        await using var gate = await BatchGate.CloseAsync(fixture.DataSource, store, tenantId, Ct);
        var appends = messages.Select(m => store.AppendAsync(m, [])).ToList();
        await gate.OpenAsync();

        (await Task.WhenAll(appends)).ShouldAllBe(inserted => inserted);
        (await ConversationRowAsync(fixture.DataSource, tenantId, conversationId)).ShouldBe((5L, messages[^1].Id, 5));
    }

    [Fact]
    public async Task AnOlderMessageCommittedLaterDoesNotMoveTheListRowBack()
    {
        await using var store = Store(fixture, writerConcurrency: 1);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var conversationId = await CreateConversationRowAsync(fixture.DataSource, tenantId);
        var newer = Inbound(tenantId, conversationId, 2, "newer");
        var older = Inbound(tenantId, conversationId, 1, "older");

        (await store.AppendAsync(newer, [])).ShouldBeTrue();
        (await store.AppendAsync(older, [])).ShouldBeTrue();

        (await ConversationRowAsync(fixture.DataSource, tenantId, conversationId)).ShouldBe((2L, newer.Id, 2));
    }

    [Fact]
    public async Task StatusUpdatesInOneBatchAreAllStored()
    {
        await using var store = Store(fixture, writerConcurrency: 1);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var messages = Enumerable.Range(1, 10).Select(seq => Outbound(tenantId, Guid.CreateVersion7(), 1)).ToList();
        foreach (var m in messages)
        {
            (await store.AppendAsync(m, [])).ShouldBeTrue();
        }

        var at = DateTimeOffset.UtcNow;
        var updates = messages.Select(m => store.UpdateStatusAsync(m with { Status = MessageStatus.Sent, SentAt = at }, MessageStatus.Queued, new StatusChange(MessageStatus.Sent, at), null)).ToList();
        await Task.WhenAll(updates);

        (await CountAsync(fixture.DataSource, "tenant_id = $1 AND status = 'sent' AND sent_at IS NOT NULL", tenantId)).ShouldBe(10);
        (await Sql.ScalarAsync<long>(fixture.DataSource, "SELECT count(*) FROM message_status_history WHERE tenant_id = $1 AND status = 'sent'", tenantId))
            .ShouldBe(10);
    }
}
