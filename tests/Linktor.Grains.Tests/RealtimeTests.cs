using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Testing;
using Shouldly;
using Xunit;
using Xunit.Sdk;

namespace Linktor.Grains.Tests;

/// <summary>
/// Events reach a subscribed API node (here the test client, through a grain observer) with their conversation's seq.
/// </summary>
public sealed class RealtimeTests(ClusterFixture fixture)
{
    private static readonly TimeSpan EventDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ASendPublishesMessageCreatedAndConversationUpdatedWithItsSeq()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var conversation = await tenant.OpenConversationAsync();
        await using var node = await SubscribeAsync(tenant, conversation.Id);

        var sent = await tenant.SendAsync(conversation.Id, "hello there");

        var created = await node.Observer.WaitForAsync(
            e => e.Name == EventNames.MessageCreated && e.Message?.Id == sent.Id, EventDeadline, "message.created for the send");
        created.TenantId.ShouldBe(tenant.Id);
        created.ConversationId.ShouldBe(conversation.Id);
        created.Seq.ShouldBe(sent.Seq);
        created.Message!.Content.Text.ShouldBe("hello there");
        var updated = await node.Observer.WaitForAsync(
            e => e.Name == EventNames.ConversationUpdated && e.ConversationId == conversation.Id && e.Seq == sent.Seq,
            EventDeadline, "conversation.updated at the send's seq");
        updated.Conversation.ShouldNotBeNull().LastSeq.ShouldBe(sent.Seq);
        updated.Conversation.LastMessage.ShouldNotBeNull().Id.ShouldBe(sent.Id);
        var events = node.Observer.Events.ToList();
        events.IndexOf(created).ShouldBeLessThan(events.IndexOf(updated), "the message comes before the conversation change it caused");
    }

    [Fact]
    public async Task TheOutboxPublishesMessageUpdatedWhenTheMessageIsSent()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice); // a provider channel (scripted): web chat queues nothing
        var conversation = await tenant.OpenConversationAsync("+15550111", channelId);
        await using var node = await SubscribeAsync(tenant, conversation.Id);

        var queued = await tenant.SendAsync(conversation.Id, "going out");

        var updated = await node.Observer.WaitForAsync(
            e => e.Name == EventNames.MessageUpdated && e.Message?.Id == queued.Id && e.Message.Status == MessageStatus.Sent,
            EventDeadline, "message.updated (sent) once the channel sent it");
        updated.Seq.ShouldBe(queued.Seq);
        updated.Message!.SentAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task AVisitorMessageNamesTheVisitorWhoMaySeeIt()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var conversation = (await tenant.Identity(visitor).OpenConversationAsync(null)).ShouldSucceed().Conversation;
        await using var node = await SubscribeAsync(tenant, conversation.Id);

        var received = (await tenant.ReceiveAsync(visitor, "hi")).Message!;
        var note = (await tenant.Conversation(conversation.Id).SendAsync(tenant.Text("internal", isPrivate: true))).ShouldSucceed();

        var inbound = await node.Observer.WaitForAsync(
            e => e.Name == EventNames.MessageCreated && e.Message?.Id == received.Id, EventDeadline, "message.created for the visitor's message");
        inbound.Seq.ShouldBe(received.Seq);
        inbound.VisitorContactId.ShouldBe(conversation.Contact.Id);
        var privateNote = await node.Observer.WaitForAsync(
            e => e.Name == EventNames.MessageCreated && e.Message?.Id == note.Id, EventDeadline, "message.created for the private note");
        privateNote.VisitorContactId.ShouldBeNull("a private note is for agents only");
    }

    [Fact]
    public async Task AnAgentIsOnlineFromTheirFirstConnectionToTheCloseOfTheirLast()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        await using var node = await SubscribeAsync(tenant, (await tenant.OpenConversationAsync()).Id);
        var presence = fixture.Client.GetGrain<ITenantPresenceGrain>(tenant.Id);
        var agent = Guid.NewGuid();
        var (tab1, tab2) = (new AgentConnection(agent, "tab-1"), new AgentConnection(agent, "tab-2"));

        await presence.ConnectAsync(tab1);
        await presence.ConnectAsync(tab2);
        (await presence.GetOnlineAsync()).ShouldBe([agent]);
        await presence.DisconnectAsync(tab1);
        (await presence.GetOnlineAsync()).ShouldBe([agent], "another tab is still open");
        await presence.DisconnectAsync(tab2);
        (await presence.GetOnlineAsync()).ShouldBeEmpty();

        await node.Observer.WaitForAsync(e => e.Presence == new AgentPresence(agent, AgentPresence.Offline), EventDeadline, "the agent goes offline");
        node.Observer.Events.Where(e => e.Presence?.UserId == agent).Select(e => (e.Name, e.TenantId, e.Presence!.Status))
            .ShouldBe([(EventNames.Presence, tenant.Id, AgentPresence.Online), (EventNames.Presence, tenant.Id, AgentPresence.Offline)]);
    }

    [Fact]
    public async Task AConnectionItsNodeStopsRenewingLapsesAndARestartedGrainRelearnsWhoIsOnline()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        await using var node = await SubscribeAsync(tenant, (await tenant.OpenConversationAsync()).Id);
        var presence = fixture.Client.GetGrain<ITenantPresenceGrain>(tenant.Id);
        var onCrashedNode = new AgentConnection(Guid.NewGuid(), "node-1/tab");
        var onLiveNode = new AgentConnection(Guid.NewGuid(), "node-2/tab");
        await presence.ConnectAsync(onCrashedNode);
        await presence.ConnectAsync(onLiveNode);

        // Node 2 renews what it holds (the test cluster's lease is 1.5 s); node 1 has crashed and says nothing.
        var online = await Eventually.GetAsync(async () =>
        {
            await presence.RenewAsync([onLiveNode]);
            var now = await presence.GetOnlineAsync();
            return now.Contains(onCrashedNode.UserId) ? null : now;
        }, EventDeadline, "the crashed node's agent lapses", TestContext.Current.CancellationToken);
        online.ShouldBe([onLiveNode.UserId], "the live node's agent is renewed");
        await node.Observer.WaitForAsync(e => e.Presence == new AgentPresence(onCrashedNode.UserId, AgentPresence.Offline), EventDeadline,
            "the lapsed agent is announced offline");

        // Presence lives in memory: after a restart the grain knows only what the next renewal tells it.
        await fixture.Cluster.DeactivateAsync(presence);
        (await presence.GetOnlineAsync()).ShouldBeEmpty();
        await presence.RenewAsync([onLiveNode]);
        (await presence.GetOnlineAsync()).ShouldBe([onLiveNode.UserId]);
    }

    /// <summary>
    /// Subscribes a recording observer and waits until events of <paramref name="conversationId"/> really reach it: the
    /// silos' dispatchers read the directory every few seconds and drop events until then (best-effort by design).
    /// </summary>
    private async Task<Subscription> SubscribeAsync(TestTenant tenant, Guid conversationId)
    {
        var observer = new RecordingObserver();
        var reference = fixture.Client.CreateObjectReference<IRealtimeObserver>(observer);
        var directory = fixture.Client.GetGrain<IRealtimeDirectoryGrain>(0);
        await directory.SubscribeAsync(reference, null);
        var subscription = new Subscription(fixture.Client, directory, observer, reference);
        var probe = tenant.Conversation(conversationId);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var changed = (await probe.UpdateAsync(new() { Labels = [$"probe-{Guid.NewGuid():N}"] }, tenant.Agent)).ShouldSucceed();
            try
            {
                await observer.WaitForAsync(e => e.Conversation?.Labels.SequenceEqual(changed.Labels) == true, TimeSpan.FromSeconds(1), "probe");
                return subscription;
            }
            catch (XunitException) when (DateTime.UtcNow < deadline)
            {
                // Not subscribed in the dispatcher yet: change again.
            }
            catch
            {
                await subscription.DisposeAsync();
                throw;
            }
        }
    }

    private sealed class Subscription(IClusterClient client, IRealtimeDirectoryGrain directory, RecordingObserver observer, IRealtimeObserver reference)
        : IAsyncDisposable
    {
        public RecordingObserver Observer => observer;

        public async ValueTask DisposeAsync()
        {
            await directory.UnsubscribeAsync(reference);
            client.DeleteObjectReference<IRealtimeObserver>(reference);
        }
    }
}
