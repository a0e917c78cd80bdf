using Linktor.Contracts.Channels;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>
/// Grain calls go one way: the receive and send paths, run end to end, never call a grain back while it awaits the
/// call that led there (<see cref="CallChainRecorder"/> walks the chain of every call the silos take).
/// </summary>
public sealed class CallGraphTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MessageReader Reader => new(fixture.Database.DataSource);

    [Fact]
    public async Task AnInboundWebhookCallsNoGrainBack()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var channel = tenant.Channel(channelId);

        // A new sender (contact, identity and conversation created on the way), then a second message from them.
        var first = await channel.HandleWebhookAsync(ScriptedAdapter.Webhook(ScriptedAdapter.MessageLine("+15550100", "in-1", "hello")));
        var second = await channel.HandleWebhookAsync(ScriptedAdapter.Webhook(ScriptedAdapter.MessageLine("+15550100", "in-2", "again")));

        first.StatusCode.ShouldBe(200);
        first.Stored.ShouldBe(1);
        second.Stored.ShouldBe(1);
        CallChainRecorder.ViolationsOf(tenant.Id).ShouldBeEmpty();
    }

    [Fact]
    public async Task AnOutboundSendAndItsStatusesCallNoGrainBack()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var channel = tenant.Channel(channelId);
        var conversation = await tenant.OpenConversationAsync("+15550101", channelId);

        // A plain send, then its provider's delivery and read callbacks.
        var sent = await tenant.SendAsync(conversation.Id, "hello");
        await WaitForStatusAsync(tenant, sent.Id, MessageStatus.Sent);
        await channel.HandleWebhookAsync(ScriptedAdapter.Webhook(
            ScriptedAdapter.StatusLine($"ext-{sent.Id:N}", MessageStatus.Delivered), ScriptedAdapter.StatusLine($"ext-{sent.Id:N}", MessageStatus.Read)));
        await WaitForStatusAsync(tenant, sent.Id, MessageStatus.Read);

        // A callback ahead of the send's own record: kept by the channel, and applied once the send is recorded.
        var held = await tenant.SendAsync(conversation.Id, "hold");
        await ScriptedAdapter.Shared.WaitUntilHeldAsync(held.Id, Deadline);
        await channel.HandleWebhookAsync(ScriptedAdapter.Webhook(ScriptedAdapter.StatusLine($"ext-{held.Id:N}", MessageStatus.Delivered)));
        ScriptedAdapter.Shared.Release(held.Id);
        await WaitForStatusAsync(tenant, held.Id, MessageStatus.Delivered);

        CallChainRecorder.ViolationsOf(tenant.Id).ShouldBeEmpty();
    }

    [Fact]
    public async Task ASendToANewAddressCallsNoGrainBack()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var identity = tenant.Identity("+15550103", channelId);

        // POST /api/v1/messages: the identity makes the contact and conversation, and hands the send on; then its retry.
        var request = tenant.Text("first words", idempotencyKey: "first-words");
        var sent = (await identity.SendAsync(request)).ShouldSucceed();
        (await identity.SendAsync(request)).ShouldSucceed().Id.ShouldBe(sent.Id, "a retry answers with the message it made");
        await WaitForStatusAsync(tenant, sent.Id, MessageStatus.Sent);

        CallChainRecorder.ViolationsOf(tenant.Id).ShouldBeEmpty();
    }

    [Fact]
    public async Task DeletingAChannelWithQueuedMessagesCallsNoGrainBack()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var conversation = await tenant.OpenConversationAsync("+15550102", channelId);
        // The provider asks for a minute's wait: the message is still queued when the channel goes.
        var queued = await tenant.SendAsync(conversation.Id, "retry-after:60000");
        await Eventually.TrueAsync(() => Task.FromResult(ScriptedAdapter.Shared.AttemptsOf(queued.Id).Count == 1), Deadline, "the first attempt is made", Ct);

        (await tenant.Channel(channelId).DeleteAsync()).ShouldSucceed();

        // The channel fails what it held and tells the conversation.
        await WaitForStatusAsync(tenant, queued.Id, MessageStatus.Failed);
        CallChainRecorder.ViolationsOf(tenant.Id).ShouldBeEmpty();
    }

    [Fact]
    public async Task CreatingAndChangingAConversationCallsNoGrainBack()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var conversation = await tenant.OpenConversationAsync(visitor);
        var grain = tenant.Conversation(conversation.Id);

        var received = await tenant.ReceiveAsync(visitor, "hi");
        (await grain.MarkReadAsync(received.Message!.Seq, tenant.Agent)).ShouldSucceed();
        (await grain.UpdateAsync(new ConversationPatch { Status = ConversationStatus.Resolved }, tenant.Agent)).ShouldSucceed();
        // A message after the resolution opens a new conversation.
        (await tenant.ReceiveAsync(visitor, "one more thing")).Message!.ConversationId.ShouldNotBe(conversation.Id);

        CallChainRecorder.ViolationsOf(tenant.Id).ShouldBeEmpty();
    }

    [Fact]
    public async Task UpdatingAContactCallsNoGrainBack()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var (kept, added) = (TestTenant.NewVisitor(), TestTenant.NewVisitor());
        var received = await tenant.ReceiveAsync(kept, "hello");
        var contact = tenant.Contact(received.Message!.Sender.Id!.Value);

        // A new name (shown on its conversations) and a second identity claimed.
        (await contact.UpdateAsync(new ContactPatch
        {
            SetName = true,
            Name = "Ada",
            Identities = [tenant.IdentityOf(kept), tenant.IdentityOf(added)],
        })).ShouldSucceed();

        (await tenant.Conversation(received.Message.ConversationId).GetAsync()).ShouldSucceed().Contact.Name.ShouldBe("Ada");
        CallChainRecorder.ViolationsOf(tenant.Id).ShouldBeEmpty();
    }

    private Task WaitForStatusAsync(TestTenant tenant, Guid messageId, MessageStatus status) =>
        Eventually.TrueAsync(async () => (await Reader.GetAsync(tenant.Id, messageId, Ct))?.Status == status,
            Deadline, $"message {messageId} is {status}", Ct);
}
