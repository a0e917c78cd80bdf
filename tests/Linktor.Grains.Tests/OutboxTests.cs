using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>The send path past the append: the channel's outbox takes queued messages to the adapter and records the result.</summary>
public sealed class OutboxTests(ClusterFixture fixture)
{
    private static readonly TimeSpan SendDeadline = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MessageReader Reader => new(fixture.Database.DataSource);

    [Fact]
    public async Task AWebChatSendIsSentAsItIsStoredAndNeverQueued()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var conversation = await tenant.OpenConversationAsync();

        var accepted = await tenant.SendAsync(conversation.Id, "hello");

        // Web chat has no provider: the visitor receives the message over the hub, so there is nothing to queue.
        accepted.Status.ShouldBe(MessageStatus.Sent);
        accepted.SentAt.ShouldBe(accepted.CreatedAt);
        var stored = (await Reader.GetAsync(tenant.Id, accepted.Id, Ct)).ShouldNotBeNull();
        stored.Status.ShouldBe(MessageStatus.Sent);
        (await Reader.GetStatusHistoryAsync(stored, Ct)).Select(h => h.Status).ShouldBe([MessageStatus.Sent]);
        (await Sql.ScalarAsync<long>(fixture.Database.DataSource,
            "SELECT count(*) FROM message_status_history WHERE tenant_id = $1 AND message_id = $2", tenant.Id, accepted.Id)).ShouldBe(0);
        (await Reader.ListQueuedAsync(tenant.Id, tenant.ChannelId, 100, ct: Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task APrivateNoteIsStoredAsSentAndNeverQueued()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var conversation = await tenant.OpenConversationAsync();
        var grain = tenant.Conversation(conversation.Id);

        var note = (await grain.SendAsync(tenant.Text("internal: call them back", isPrivate: true))).ShouldSucceed();

        note.Private.ShouldBeTrue();
        note.Status.ShouldBe(MessageStatus.Sent);
        note.SentAt.ShouldNotBeNull();
        var stored = (await Reader.GetAsync(tenant.Id, note.Id, Ct)).ShouldNotBeNull();
        stored.Status.ShouldBe(MessageStatus.Sent);
        stored.Private.ShouldBeTrue();
        (await Reader.ListQueuedAsync(tenant.Id, tenant.ChannelId, 100, ct: Ct)).ShouldBeEmpty();

        // A public message after it; by then the channel had every chance to touch the note, and did not.
        var reply = await tenant.SendAsync(conversation.Id, "we will call you back");
        await Eventually.TrueAsync(async () => (await Reader.GetAsync(tenant.Id, reply.Id, Ct))?.Status == MessageStatus.Sent,
            SendDeadline, "the public message after the note is sent", Ct);
        (await Sql.ScalarAsync<long>(fixture.Database.DataSource,
            "SELECT count(*) FROM message_status_history WHERE tenant_id = $1 AND message_id = $2", tenant.Id, note.Id)).ShouldBe(0);
        (await Reader.GetStatusHistoryAsync(stored, Ct)).Select(h => h.Status).ShouldBe([MessageStatus.Sent]);
    }

    [Fact]
    public async Task ManySendsInOneConversationAllGoOut()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var conversation = await tenant.OpenConversationAsync("+15550123", channelId);
        var grain = tenant.Conversation(conversation.Id);

        var sent = (await Task.WhenAll(Enumerable.Range(1, 20).Select(i => grain.SendAsync(tenant.Text($"m{i}")))))
            .Select(r => r.ShouldSucceed()).ToList();

        await Eventually.TrueAsync(async () => await Sql.ScalarAsync<long>(fixture.Database.DataSource,
                "SELECT count(*) FROM messages WHERE tenant_id = $1 AND conversation_id = $2 AND status = 'sent'", tenant.Id, conversation.Id) == 20,
            SendDeadline, "all 20 queued messages are sent", Ct);
        var sentAt = await Sql.RowsAsync(fixture.Database.DataSource,
            "SELECT seq, sent_at FROM messages WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY seq", tenant.Id, conversation.Id);
        sentAt.Select(r => (DateTime)r[1]!).ShouldBeInOrder(SortDirection.Ascending, "a conversation's messages go out in seq order");
        sent.Count.ShouldBe(20);
    }
}
