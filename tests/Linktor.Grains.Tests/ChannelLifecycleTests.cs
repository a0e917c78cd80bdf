using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Storage.Channels;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>What a channel's outbox does when the channel is deleted or disabled.</summary>
public sealed class ChannelLifecycleTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static ScriptedAdapter Provider => ScriptedAdapter.Shared;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MessageReader Reader => new(fixture.Database.DataSource);

    [Fact]
    public async Task DeletingAChannelFailsWhatItHadQueuedInsteadOfLeavingItQueued()
    {
        var (tenant, channelId, conversationId) = await ConversationAsync();
        var stuck = await tenant.SendAsync(conversationId, "always-retry");
        await Eventually.TrueAsync(() => Task.FromResult(Provider.AttemptsOf(stuck.Id).Count > 0), Deadline, "the send is being retried", Ct);

        (await Channel(tenant, channelId).DeleteAsync()).ShouldSucceed();

        var failed = await FinalAsync(tenant, stuck.Id);
        failed.Status.ShouldBe(MessageStatus.Failed);
        failed.Error!.Code.ShouldBe("channel_deleted");
    }

    [Fact]
    public async Task ASendAcceptedJustAfterTheDeletionIsFailedOrRefusedNeverLeftQueued()
    {
        var (tenant, channelId, conversationId) = await ConversationAsync();
        (await tenant.SendAsync(conversationId, "first")).Status.ShouldBe(MessageStatus.Queued);

        (await Channel(tenant, channelId).DeleteAsync()).ShouldSucceed();
        // The conversation may still hold the channel's capabilities from before the deletion.
        var late = await tenant.Conversation(conversationId).SendAsync(tenant.Text("late"));

        if (late.IsSuccess)
        {
            (await FinalAsync(tenant, late.Value!.Id)).Error!.Code.ShouldBe("channel_deleted");
        }
        else
        {
            late.Problem!.Code.ShouldBe(ProblemCode.ChannelUnavailable);
        }
    }

    [Fact]
    public async Task ADisabledChannelHoldsItsQueueAndSendsItWhenEnabledAgain()
    {
        var (tenant, channelId, conversationId) = await ConversationAsync();
        var held = await tenant.SendAsync(conversationId, "hold");
        await Provider.WaitUntilHeldAsync(held.Id, Deadline);
        // Queued behind the held one: it cannot go before the channel is disabled.
        var waiting = await tenant.SendAsync(conversationId, "after");

        (await Channel(tenant, channelId).UpdateAsync(new ChannelPatch { Status = ChannelStatus.Disabled })).ShouldSucceed();
        Provider.Release(held.Id);
        (await FinalAsync(tenant, held.Id)).Status.ShouldBe(MessageStatus.Sent);

        // An absence can only be watched for a while: ten poll intervals of the test outbox.
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        Provider.AttemptsOf(waiting.Id).ShouldBeEmpty("a disabled channel sends nothing");
        (await Reader.GetAsync(tenant.Id, waiting.Id, Ct))!.Status.ShouldBe(MessageStatus.Queued);

        (await Channel(tenant, channelId).UpdateAsync(new ChannelPatch { Status = ChannelStatus.Active })).ShouldSucceed();
        (await FinalAsync(tenant, waiting.Id)).Status.ShouldBe(MessageStatus.Sent);
    }

    [Fact]
    public async Task AListRowWrittenByAnOlderAdapterCatchesUpWhenTheChannelActivates()
    {
        var (tenant, channelId, conversationId) = await ConversationAsync();
        var queries = new ChannelQueries(fixture.Database.DataSource);
        var current = (await queries.GetAsync(tenant.Id, channelId, Ct))!.Capabilities;
        // What the row says after an upgrade taught the adapter to carry more than when the channel was saved.
        await using (var stale = fixture.Database.DataSource.CreateCommand(
            """UPDATE channels SET capabilities = jsonb_set(capabilities, '{content_types}', '["location"]') WHERE id = $1"""))
        {
            stale.Parameters.Add(new Npgsql.NpgsqlParameter { Value = channelId });
            (await stale.ExecuteNonQueryAsync(Ct)).ShouldBe(1);
        }

        (await tenant.Conversation(conversationId).SendAsync(tenant.Text("refused by the stale row"))).ShouldFailWith(ProblemCode.UnsupportedContent);

        // An upgraded silo activates the grains afresh.
        await fixture.Cluster.DeactivateAsync(Channel(tenant, channelId));
        await fixture.Cluster.DeactivateAsync(tenant.Conversation(conversationId));
        (await Channel(tenant, channelId).GetAsync()).ShouldSucceed();

        (await queries.GetAsync(tenant.Id, channelId, Ct))!.Capabilities.ContentTypes.ShouldBe(current.ContentTypes);
        (await tenant.Conversation(conversationId).SendAsync(tenant.Text("accepted"))).ShouldSucceed();
    }

    private IChannelGrain Channel(TestTenant tenant, Guid channelId) =>
        fixture.Client.GetGrain<IChannelGrain>(GrainKeys.Scoped(tenant.Id, channelId));

    private async Task<(TestTenant Tenant, Guid ChannelId, Guid ConversationId)> ConversationAsync()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var conversation = await tenant.OpenConversationAsync("+15550123", channelId);
        return (tenant, channelId, conversation.Id);
    }

    private Task<MessageRecord> FinalAsync(TestTenant tenant, Guid messageId) =>
        Eventually.GetAsync(
            async () => await Reader.GetAsync(tenant.Id, messageId, Ct) is { Status: MessageStatus.Sent or MessageStatus.Failed } m ? m : null,
            Deadline, $"the outbox finishes with message {messageId}", Ct);
}
