using Linktor.Contracts.Messages;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Shouldly;
using Xunit;
using static Linktor.Storage.Tests.StoredMessages;

namespace Linktor.Storage.Tests.Outbox;

/// <summary>
/// One provider send per message: a channel claims a queued message in the store before its provider call. A claim
/// succeeds only on an unmarked message or with the claimer's own mark, so no attempt whose outcome was never
/// recorded is taken over, and the queue shows each message's mark.
/// </summary>
public sealed class SendClaimTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AQueuedMessageIsClaimedOnceAndAMarkIsNotTakenOverByAnotherClaim()
    {
        await using var store = Store(fixture);
        var (tenantId, message) = await QueuedAsync(store);
        var mark = Micros(DateTimeOffset.UtcNow);

        (await store.ClaimForSendAsync(tenantId, message.Id, mark, null)).ShouldBeTrue();
        (await store.ClaimForSendAsync(tenantId, message.Id, mark.AddSeconds(1), null)).ShouldBeFalse("someone holds the mark");
        (await store.ClaimForSendAsync(tenantId, message.Id, mark.AddSeconds(1), mark.AddSeconds(-5))).ShouldBeFalse("not that someone's mark");

        var queued = (await new MessageReader(fixture.DataSource).ListQueuedAsync(tenantId, message.ChannelId, 10, ct: Ct)).Single();
        queued.SendingSince.ShouldBe(mark);
        queued.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task TheHolderOfAMarkClaimsAgainWithItAndAReleasedMarkLeavesTheMessageFreeToClaim()
    {
        await using var store = Store(fixture);
        var (tenantId, message) = await QueuedAsync(store);
        var first = Micros(DateTimeOffset.UtcNow);
        (await store.ClaimForSendAsync(tenantId, message.Id, first, null)).ShouldBeTrue();

        var second = first.AddSeconds(2);
        (await store.ClaimForSendAsync(tenantId, message.Id, second, first)).ShouldBeTrue("a retry by the attempt's own channel");
        await store.ReleaseClaimAsync(tenantId, message.Id, first, Ct); // not the current mark: nothing happens
        (await ListAsync(tenantId, message)).SendingSince.ShouldBe(second);
        await store.ReleaseClaimAsync(tenantId, message.Id, second, Ct);

        var released = await ListAsync(tenantId, message);
        released.SendingSince.ShouldBeNull();
        released.Attempts.ShouldBe(2);
        (await store.ClaimForSendAsync(tenantId, message.Id, second.AddSeconds(1), null)).ShouldBeTrue();
    }

    [Fact]
    public async Task AMessageThatIsNoLongerQueuedCannotBeClaimedAndItsOutcomeClearsTheMark()
    {
        await using var store = Store(fixture);
        var (tenantId, message) = await QueuedAsync(store);
        var mark = Micros(DateTimeOffset.UtcNow);
        (await store.ClaimForSendAsync(tenantId, message.Id, mark, null)).ShouldBeTrue();

        var sent = message with { Status = MessageStatus.Sent, SentAt = mark, ExternalId = "wamid.1" };
        (await store.UpdateStatusAsync(sent, MessageStatus.Queued, new StatusChange(MessageStatus.Sent, mark), null)).ShouldBeTrue();

        (await store.ClaimForSendAsync(tenantId, message.Id, mark.AddSeconds(1), mark)).ShouldBeFalse("it was sent");
        (await Sql.ScalarAsync<DateTime?>(fixture.DataSource, "SELECT sending_since FROM messages WHERE id = $1", message.Id)).ShouldBeNull();
        (await new MessageReader(fixture.DataSource).ListQueuedAsync(tenantId, message.ChannelId, 10, ct: Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task TheQueueListsOldestFirstAndLeavesOutWhatTheCallerHolds()
    {
        await using var store = Store(fixture);
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var channelId = Guid.CreateVersion7();
        var messages = new List<MessageRecord>();
        for (var i = 0; i < 5; i++)
        {
            var conversationId = await CreateConversationRowAsync(fixture.DataSource, tenantId);
            var m = Outbound(tenantId, conversationId, 1, channelId: channelId) with { CreatedAt = DateTimeOffset.UtcNow.AddSeconds(i) };
            (await store.AppendAsync(m, [])).ShouldBeTrue();
            messages.Add(m);
        }

        var reader = new MessageReader(fixture.DataSource);
        var page = await reader.ListQueuedAsync(tenantId, channelId, 3, [messages[0].Id, messages[2].Id], Ct);

        page.Select(q => q.Message.Id).ShouldBe([messages[1].Id, messages[3].Id, messages[4].Id]);
    }

    private async Task<(Guid TenantId, MessageRecord Message)> QueuedAsync(MessageStore store)
    {
        var tenantId = await CreateTenantAsync(fixture.DataSource);
        var channelId = Guid.CreateVersion7();
        var conversationId = await CreateConversationRowAsync(fixture.DataSource, tenantId);
        var message = Outbound(tenantId, conversationId, 1, channelId: channelId);
        (await store.AppendAsync(message, [])).ShouldBeTrue();
        return (tenantId, message);
    }

    private async Task<QueuedMessage> ListAsync(Guid tenantId, MessageRecord message) =>
        (await new MessageReader(fixture.DataSource).ListQueuedAsync(tenantId, message.ChannelId, 10, ct: Ct)).Single();

    private static DateTimeOffset Micros(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);
}
