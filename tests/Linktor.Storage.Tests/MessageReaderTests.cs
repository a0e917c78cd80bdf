using Linktor.Contracts.Messages;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Shouldly;
using Xunit;
using static Linktor.Storage.Tests.StoredMessages;

namespace Linktor.Storage.Tests;

/// <summary><see cref="MessageReader"/>: what a conversation derives on activation, history pages, and the outbox queue.</summary>
public sealed class MessageReaderTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MessageReader Reader => new(fixture.DataSource);

    [Fact]
    public async Task LoadLogAnswersTheLastSeqTheUnreadInboundAfterASeqAndTheLastMessage()
    {
        var tenantId = Guid.CreateVersion7();
        var conversationId = Guid.CreateVersion7();
        await using (var store = Store(fixture))
        {
            var seq = 0;
            foreach (var inbound in new[] { true, true, false, true, false, true })
            {
                seq++;
                var m = inbound ? Inbound(tenantId, conversationId, seq) : Outbound(tenantId, conversationId, seq);
                (await store.AppendAsync(m, [])).ShouldBeTrue();
            }
        }

        var all = await Reader.LoadLogAsync(tenantId, conversationId, 0, Ct);
        var afterThree = await Reader.LoadLogAsync(tenantId, conversationId, 3, Ct);
        var afterAll = await Reader.LoadLogAsync(tenantId, conversationId, 6, Ct);

        all.LastSeq.ShouldBe(6);
        all.UnreadCount.ShouldBe(4, "only inbound messages are unread");
        all.LastMessage.ShouldNotBeNull().Seq.ShouldBe(6);
        afterThree.UnreadCount.ShouldBe(2);
        afterAll.UnreadCount.ShouldBe(0);
        (await Reader.LoadLogAsync(Guid.CreateVersion7(), conversationId, 0, Ct)).ShouldBe(new ConversationLog(0, 0, null), "another tenant sees nothing");
    }

    [Fact]
    public async Task LoadLogOfAnEmptyConversationIsZero()
    {
        var log = await Reader.LoadLogAsync(Guid.CreateVersion7(), Guid.CreateVersion7(), 0, Ct);

        log.ShouldBe(new ConversationLog(0, 0, null));
    }

    [Fact]
    public async Task ListPagesForwardAndBackwardAndSaysWhetherThereIsMore()
    {
        var (tenantId, conversationId) = await ConversationWithMessagesAsync(25);

        await PageAsync(null, null, 10).ShouldBeAsync(16, 25, more: true);
        await PageAsync(null, 16, 10).ShouldBeAsync(6, 15, more: true);
        await PageAsync(null, 6, 10).ShouldBeAsync(1, 5, more: false);
        await PageAsync(0, null, 10).ShouldBeAsync(1, 10, more: true);
        await PageAsync(20, null, 10).ShouldBeAsync(21, 25, more: false);
        await PageAsync(15, null, 10).ShouldBeAsync(16, 25, more: false);
        await PageAsync(25, null, 10).ShouldBeAsync(0, -1, more: false);
        await PageAsync(null, null, 25).ShouldBeAsync(1, 25, more: false);

        Task<(IReadOnlyList<MessageRecord> Messages, bool More)> PageAsync(long? after, long? before, int limit) =>
            Reader.ListAsync(tenantId, conversationId, after, before, limit, Ct);
    }

    [Fact]
    public async Task ReadsAreScopedToTheTenant()
    {
        var (tenantId, conversationId) = await ConversationWithMessagesAsync(3);
        var other = Guid.CreateVersion7();
        var (messages, _) = await Reader.ListAsync(tenantId, conversationId, null, null, 10, Ct);
        var message = messages[0];

        (await Reader.ListAsync(other, conversationId, null, null, 10, Ct)).Messages.ShouldBeEmpty();
        (await Reader.GetAsync(other, message.Id, Ct)).ShouldBeNull();
        (await Reader.GetAsync(tenantId, message.Id, Ct)).ShouldNotBeNull().Id.ShouldBe(message.Id);
    }

    [Fact]
    public async Task FindsByIdempotencyKeyAndProviderId()
    {
        var tenantId = Guid.CreateVersion7();
        var message = Inbound(tenantId, Guid.CreateVersion7(), 1) with { IdempotencyKey = "idem-1", ExternalId = "ext-1" };
        await using (var store = Store(fixture))
        {
            (await store.AppendAsync(message, [])).ShouldBeTrue();
        }

        (await Reader.FindByIdempotencyKeyAsync(tenantId, "idem-1", Ct)).ShouldNotBeNull().Id.ShouldBe(message.Id);
        (await Reader.FindByExternalIdAsync(tenantId, message.ChannelId, "ext-1", Ct)).ShouldNotBeNull().Id.ShouldBe(message.Id);
        (await Reader.FindByIdempotencyKeyAsync(Guid.CreateVersion7(), "idem-1", Ct)).ShouldBeNull();
        (await Reader.FindByExternalIdAsync(tenantId, Guid.CreateVersion7(), "ext-1", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task TheOutboxQueueHoldsQueuedPublicOutboundMessagesOldestFirstWithTheirAddress()
    {
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var conversationId = await CreateConversationRowAsync(fixture.DataSource, tenantId);
        var channelId = ChannelOf(conversationId);
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        var first = Outbound(tenantId, conversationId, 1) with { CreatedAt = start };
        var second = Outbound(tenantId, conversationId, 2) with { CreatedAt = start.AddSeconds(1) };
        await using (var store = Store(fixture))
        {
            (await store.AppendAsync(second, [])).ShouldBeTrue();
            (await store.AppendAsync(first, [])).ShouldBeTrue();
            (await store.AppendAsync(Inbound(tenantId, conversationId, 3), [])).ShouldBeTrue();
            (await store.AppendAsync(Outbound(tenantId, conversationId, 4) with { Private = true }, [])).ShouldBeTrue();
            var sent = Outbound(tenantId, conversationId, 5);
            (await store.AppendAsync(sent, [])).ShouldBeTrue();
            await store.UpdateStatusAsync(sent with { Status = MessageStatus.Sent, SentAt = DateTimeOffset.UtcNow }, MessageStatus.Queued, new StatusChange(MessageStatus.Sent, DateTimeOffset.UtcNow), null);
        }

        var queued = await Reader.ListQueuedAsync(tenantId, channelId, 10, ct: Ct);

        queued.Select(q => q.Message.Id).ShouldBe([first.Id, second.Id]);
        queued.ShouldAllBe(q => q.ContactAddress == "visitor");
        (await Reader.ListChannelsWithQueuedAsync(Ct)).ShouldContain((tenantId, channelId));
    }

    private async Task<(Guid TenantId, Guid ConversationId)> ConversationWithMessagesAsync(int count)
    {
        var tenantId = Guid.CreateVersion7();
        var conversationId = Guid.CreateVersion7();
        await using var store = Store(fixture);
        foreach (var seq in Enumerable.Range(1, count))
        {
            (await store.AppendAsync(Inbound(tenantId, conversationId, seq), [])).ShouldBeTrue();
        }

        return (tenantId, conversationId);
    }
}

internal static class PageAssertions
{
    /// <summary>The page holds seqs <paramref name="from"/>..<paramref name="to"/> in order (none when to &lt; from).</summary>
    public static async Task ShouldBeAsync(this Task<(IReadOnlyList<MessageRecord> Messages, bool More)> page, long from, long to, bool more)
    {
        var (messages, hasMore) = await page;
        var expected = from > to ? [] : Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => (long)i).ToList();
        messages.Select(m => m.Seq).ShouldBe(expected);
        hasMore.ShouldBe(more);
    }
}
