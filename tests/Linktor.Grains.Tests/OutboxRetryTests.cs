using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>
/// The outbox against a provider that fails on cue (<see cref="ScriptedAdapter"/>): passing failures are retried,
/// permanent ones fail the message with the provider's error, and a conversation's messages go out in seq order.
/// </summary>
public sealed class OutboxRetryTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static ScriptedAdapter Provider => ScriptedAdapter.Shared;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MessageReader Reader => new(fixture.Database.DataSource);

    [Fact]
    public async Task APassingFailureIsRetriedUntilTheMessageIsSent()
    {
        var (tenant, conversationId) = await ConversationAsync();

        var queued = await tenant.SendAsync(conversationId, "retry:2");

        var sent = await FinalAsync(tenant, queued.Id);
        sent.Status.ShouldBe(MessageStatus.Sent);
        sent.ExternalId.ShouldBe($"ext-{queued.Id:N}");
        Provider.AttemptsOf(queued.Id).Count.ShouldBe(3);
        (await Reader.GetStatusHistoryAsync(sent, Ct)).Select(h => h.Status).ShouldBe([MessageStatus.Queued, MessageStatus.Sent]);
    }

    [Fact]
    public async Task AnAdapterThatThrowsFailsTheMessageAsAnUnknownOutcomeAndNeverSendsItAgain()
    {
        var (tenant, conversationId) = await ConversationAsync();

        var queued = await tenant.SendAsync(conversationId, "throw:1");

        // Whether the request had left when it threw nobody knows: a second send could reach the contact twice.
        var failed = await FinalAsync(tenant, queued.Id);
        failed.Status.ShouldBe(MessageStatus.Failed);
        failed.Error.ShouldNotBeNull().Code.ShouldBe("outcome_unknown");
        Provider.AttemptsOf(queued.Id).Count.ShouldBe(1);
    }

    [Fact]
    public async Task APermanentFailureFailsTheMessageWithTheProvidersErrorAtOnce()
    {
        var (tenant, conversationId) = await ConversationAsync();

        var queued = await tenant.SendAsync(conversationId, "permanent");

        var failed = await FinalAsync(tenant, queued.Id);
        failed.Status.ShouldBe(MessageStatus.Failed);
        failed.Error.ShouldBe(new MessageError("21610", "Attempt to send to unsubscribed recipient"));
        Provider.AttemptsOf(queued.Id).Count.ShouldBe(1);
        var history = await Reader.GetStatusHistoryAsync(failed, Ct);
        history.Select(h => h.Status).ShouldBe([MessageStatus.Queued, MessageStatus.Failed]);
        history[1].Error.ShouldNotBeNull().Code.ShouldBe("21610");
    }

    [Fact]
    public async Task RetriesEndAfterTheLastAttemptWithRetriesExhausted()
    {
        var (tenant, conversationId) = await ConversationAsync();

        var queued = await tenant.SendAsync(conversationId, "always-retry");

        var failed = await FinalAsync(tenant, queued.Id);
        failed.Status.ShouldBe(MessageStatus.Failed);
        failed.Error.ShouldNotBeNull().Code.ShouldBe("retries_exhausted");
        Provider.AttemptsOf(queued.Id).Count.ShouldBe(4, "Linktor:Outbox:MaxAttempts in the test cluster");
    }

    [Fact]
    public async Task TheProvidersRetryAfterIsHonoured()
    {
        var (tenant, conversationId) = await ConversationAsync();

        var queued = await tenant.SendAsync(conversationId, "retry-after:400");

        (await FinalAsync(tenant, queued.Id)).Status.ShouldBe(MessageStatus.Sent);
        var attempts = Provider.AttemptsOf(queued.Id);
        attempts.Count.ShouldBe(2);
        (attempts[1].At - attempts[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(390),
            "the retry waits at least what the provider asked, far above the test cluster's own backoff");
    }

    [Fact]
    public async Task AMessageBeingRetriedHoldsBackTheLaterOnesOfItsConversation()
    {
        var (tenant, conversationId) = await ConversationAsync();

        var first = await tenant.SendAsync(conversationId, "retry:3");
        var second = await tenant.SendAsync(conversationId, "second");
        var third = await tenant.SendAsync(conversationId, "third");

        (await FinalAsync(tenant, third.Id)).Status.ShouldBe(MessageStatus.Sent);
        Provider.AttemptsIn(conversationId).Select(a => a.Seq).ShouldBe([first.Seq, first.Seq, first.Seq, first.Seq, second.Seq, third.Seq]);
    }

    [Fact]
    public async Task ASlowSendHoldsBackItsConversationButNotOthers()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var slow = (await tenant.OpenConversationAsync("+15550001", channelId)).Id;
        var other = (await tenant.OpenConversationAsync("+15550002", channelId)).Id;

        var held = await tenant.SendAsync(slow, "hold");
        await Provider.WaitUntilHeldAsync(held.Id, Deadline);
        var behind = await tenant.SendAsync(slow, "behind the held one");
        var elsewhere = await tenant.SendAsync(other, "another conversation");

        (await FinalAsync(tenant, elsewhere.Id)).Status.ShouldBe(MessageStatus.Sent);
        Provider.AttemptsOf(behind.Id).ShouldBeEmpty("its conversation's head is still in flight");
        (await Reader.GetAsync(tenant.Id, behind.Id, Ct)).ShouldNotBeNull().Status.ShouldBe(MessageStatus.Queued);

        Provider.Release(held.Id);

        (await FinalAsync(tenant, behind.Id)).Status.ShouldBe(MessageStatus.Sent);
        (await Reader.GetAsync(tenant.Id, held.Id, Ct)).ShouldNotBeNull().Status.ShouldBe(MessageStatus.Sent);
        Provider.AttemptsIn(slow).Select(a => a.MessageId).ShouldBe([held.Id, behind.Id]);
    }

    [Fact]
    public async Task ConcurrentSendsInOneConversationReachTheProviderInSeqOrder()
    {
        var (tenant, conversationId) = await ConversationAsync();
        var grain = tenant.Conversation(conversationId);

        var sent = (await Task.WhenAll(Enumerable.Range(1, 20).Select(i => grain.SendAsync(tenant.Text(i % 7 == 0 ? "retry:1" : $"m{i}")))))
            .Select(r => r.ShouldSucceed()).ToList();

        await Eventually.TrueAsync(async () => await Sql.ScalarAsync<long>(fixture.Database.DataSource,
                "SELECT count(*) FROM messages WHERE tenant_id = $1 AND conversation_id = $2 AND status = 'sent'", tenant.Id, conversationId) == 20,
            Deadline, "all 20 messages are sent", Ct);
        var order = Provider.AttemptsIn(conversationId).Select(a => a.Seq).Distinct().ToList();
        order.ShouldBe(Enumerable.Range(1, 20).Select(i => (long)i).ToList());
        sent.Count.ShouldBe(20);
    }

    private async Task<(TestTenant Tenant, Guid ConversationId)> ConversationAsync()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var conversation = await tenant.OpenConversationAsync("+15550100", channelId);
        return (tenant, conversation.Id);
    }

    /// <summary>The message once the outbox is done with it (sent or failed).</summary>
    private Task<MessageRecord> FinalAsync(TestTenant tenant, Guid messageId) =>
        Eventually.GetAsync(
            async () => await Reader.GetAsync(tenant.Id, messageId, Ct) is { Status: MessageStatus.Sent or MessageStatus.Failed } m ? m : null,
            Deadline, $"the outbox finishes with message {messageId}", Ct);
}
