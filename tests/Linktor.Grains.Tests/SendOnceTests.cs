using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>
/// One provider send per message, and a queue longer than the channel's window (16 on the test silos) drained from
/// the store: the channel claims each message in the store before its provider call, records the answer itself,
/// and a failed record is retried as a record, never as a send.
/// </summary>
public sealed class SendOnceTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static ScriptedAdapter Provider => ScriptedAdapter.Shared;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MessageReader Reader => new(fixture.Database.DataSource);

    [Fact]
    public async Task AQueueManyTimesTheWindowDrainsEveryMessageOnceInEachConversationsOrder()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var conversations = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => tenant.OpenConversationAsync($"+1555020{i:D4}", channelId)));

        // 200 messages wait in the store (12 windows' worth), as a queue left by a restart does.
        var queued = new List<MessageRecord>();
        foreach (var seq in Enumerable.Range(1, 10))
        {
            foreach (var c in conversations)
            {
                queued.Add(await QueueInStoreAsync(tenant, c, seq, $"m{seq}"));
            }
        }

        await WakeAsync(tenant, channelId);

        await Eventually.TrueAsync(async () => await Sql.ScalarAsync<long>(fixture.Database.DataSource,
                "SELECT count(*) FROM messages WHERE tenant_id = $1 AND channel_id = $2 AND status = 'sent'", tenant.Id, channelId) == queued.Count,
            Deadline, "every queued message is sent", Ct);
        foreach (var m in queued)
        {
            Provider.AttemptsOf(m.Id).Count.ShouldBe(1, $"message {m.Seq} of {m.ConversationId} reached the provider once");
        }

        foreach (var c in conversations)
        {
            Provider.AttemptsIn(c.Id).Select(a => a.Seq).ShouldBeInOrder(SortDirection.Ascending, "a conversation's messages go out in seq order");
        }
    }

    [Fact]
    public async Task AMessageWhoseAttemptWasLostIsFailedAsAnUnknownOutcomeAndNeverSentAgain()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var conversation = await tenant.OpenConversationAsync("+15550300", channelId);
        // What a silo that crashed mid-send leaves behind: the message still queued, with its send mark.
        var queued = await QueueInStoreAsync(tenant, conversation, 1, "lost in a crash", markedAgo: TimeSpan.FromHours(1));

        await WakeAsync(tenant, channelId);

        var failed = await Eventually.GetAsync(
            async () => await Reader.GetAsync(tenant.Id, queued.Id, Ct) is { Status: MessageStatus.Failed } m ? m : null,
            Deadline, "the lost attempt's message is failed", Ct);
        failed.Error.ShouldNotBeNull().Code.ShouldBe("outcome_unknown");
        Provider.AttemptsOf(queued.Id).ShouldBeEmpty("it may have reached the provider: a second send could duplicate it");
    }

    [Fact]
    public async Task AFreshSendMarkIsLeftToItsAttemptUntilItIsOldEnoughToBeALostOne()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var conversation = await tenant.OpenConversationAsync("+15550301", channelId);
        var queued = await QueueInStoreAsync(tenant, conversation, 1, "marked by another activation", markedAgo: TimeSpan.Zero);
        var after = await QueueInStoreAsync(tenant, conversation, 2, "behind it");

        await WakeAsync(tenant, channelId);

        // The mark is younger than AbandonedAfter (2 s here): someone may still be recording its outcome.
        var failed = await Eventually.GetAsync(
            async () => await Reader.GetAsync(tenant.Id, queued.Id, Ct) is { Status: MessageStatus.Failed } m ? m : null,
            Deadline, "once the mark is old enough, its attempt counts as lost", Ct);
        failed.Error.ShouldNotBeNull().Code.ShouldBe("outcome_unknown");
        Provider.AttemptsOf(queued.Id).ShouldBeEmpty();
        (await Eventually.GetAsync(
            async () => await Reader.GetAsync(tenant.Id, after.Id, Ct) is { Status: MessageStatus.Sent } m ? m : null,
            Deadline, "the next message goes once the lost one is settled", Ct)).ShouldNotBeNull();
        Provider.AttemptsOf(after.Id).Count.ShouldBe(1);
    }

    [Fact]
    public async Task WhenRecordingTheProvidersAnswerFailsTheRecordIsRetriedNotTheSend()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var conversation = await tenant.OpenConversationAsync("+15550302", channelId);
        var trigger = $"fail_history_{tenant.Id:N}";
        // Status writes of this tenant fail (as they would against a database that went away) until the trigger is dropped.
        await Sql.ExecuteAsync(fixture.Database.DataSource, $"""
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.tenant_id = '{tenant.Id}' THEN RAISE EXCEPTION 'the database is away (test)'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER {trigger} BEFORE INSERT ON message_status_history FOR EACH ROW EXECUTE FUNCTION {trigger}();
            """);
        MessageRecord queued;
        try
        {
            queued = await tenant.SendAsync(conversation.Id, "accepted, not yet recorded");
            await Eventually.TrueAsync(() => Task.FromResult(Provider.AttemptsOf(queued.Id).Count == 1), Deadline, "the provider got it", Ct);
            // Several record attempts fail meanwhile; the message stays queued in the store.
            await Eventually.TrueAsync(async () => (await Reader.GetAsync(tenant.Id, queued.Id, Ct))?.Status == MessageStatus.Queued,
                Deadline, "not recorded while the writes fail", Ct);
        }
        finally
        {
            await Sql.ExecuteAsync(fixture.Database.DataSource, $"DROP TRIGGER {trigger} ON message_status_history; DROP FUNCTION {trigger}();");
        }

        var sent = await Eventually.GetAsync(
            async () => await Reader.GetAsync(tenant.Id, queued.Id, Ct) is { Status: MessageStatus.Sent } m ? m : null,
            Deadline, "recorded once the writes succeed again", Ct);
        sent.ExternalId.ShouldBe($"ext-{queued.Id:N}");
        Provider.AttemptsOf(queued.Id).Count.ShouldBe(1, "the record was retried, never the send");
    }

    [Fact]
    public async Task AnUnreachableConversationDoesNotHoldUpItsSendsOrTheirRecords()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var channelId = await tenant.AddChannelAsync(ChannelType.Voice);
        var conversation = await tenant.OpenConversationAsync("+15550303", channelId);
        var queued = await Task.WhenAll(Enumerable.Range(1, 5).Select(_ => tenant.SendAsync(conversation.Id, "while cut off")));

        using (UnreachableGrains.Cutoff(tenant.Conversation(conversation.Id)))
        {
            await Eventually.TrueAsync(async () => await Sql.ScalarAsync<long>(fixture.Database.DataSource,
                    "SELECT count(*) FROM messages WHERE tenant_id = $1 AND conversation_id = $2 AND status = 'sent'", tenant.Id, conversation.Id) == 5,
                Deadline, "the channel records each outcome itself", Ct);
        }

        foreach (var m in queued)
        {
            Provider.AttemptsOf(m.Id).Count.ShouldBe(1);
        }
    }

    /// <summary>A queued message written straight into the store (the durable queue), as a conversation appends it.</summary>
    private async Task<MessageRecord> QueueInStoreAsync(
        TestTenant tenant, Contracts.Conversations.ConversationRecord conversation, long seq, string text, TimeSpan? markedAgo = null)
    {
        var message = new MessageRecord
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenant.Id,
            ConversationId = conversation.Id,
            ChannelId = conversation.ChannelId,
            Seq = seq,
            Direction = MessageDirection.Outbound,
            Sender = new MessageSender(tenant.Agent.Type, tenant.Agent.Id),
            Content = MessageContent.FromText(text),
            Status = MessageStatus.Queued,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var store = new MessageStore(fixture.Database.DataSource,
            Microsoft.Extensions.Options.Options.Create(new Storage.Hosting.StorageOptions { ConnectionString = fixture.Database.ConnectionString }),
            Microsoft.Extensions.Options.Options.Create(new Storage.Events.EventStreamOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MessageStore>.Instance);
        (await store.AppendAsync(message, [])).ShouldBeTrue();
        if (markedAgo is { } ago)
        {
            await Sql.ExecuteAsync(fixture.Database.DataSource,
                "UPDATE messages SET sending_since = now() - $2 * interval '1 second', attempts = 1 WHERE id = $1", message.Id, ago.TotalSeconds);
        }

        return message;
    }

    /// <summary>Any change to an active channel makes it read its queue from the store (so do its activation and its reminder).</summary>
    private static async Task WakeAsync(TestTenant tenant, Guid channelId) =>
        (await tenant.Channel(channelId).UpdateAsync(new ChannelPatch { Name = "woken" })).ShouldSucceed();
}
