using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Storage.Hosting;
using Linktor.Storage.Messages;
using Linktor.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>What a conversation knows survives its activation: the seq and counters come back from the log, the rest from grain state.</summary>
public sealed class RestartTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheSeqAndUnreadCountContinueAfterTheConversationIsDeactivated()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var conversationId = (await tenant.ReceiveAsync(visitor, "one")).Message!.ConversationId;
        await tenant.ReceiveAsync(visitor, "two");
        await tenant.SendAsync(conversationId, "three");
        var grain = tenant.Conversation(conversationId);

        await fixture.Cluster.DeactivateAsync(grain);

        fixture.Cluster.TryGetGrainContext(grain.GetGrainId(), out _).ShouldBeFalse("the conversation is no longer active anywhere");
        var next = await tenant.SendAsync(conversationId, "four");
        next.Seq.ShouldBe(4);
        var record = (await grain.GetAsync()).ShouldSucceed();
        record.LastSeq.ShouldBe(4);
        record.UnreadCount.ShouldBe(2);
        record.LastMessage.ShouldNotBeNull().Id.ShouldBe(next.Id);
        (await tenant.ReceiveAsync(visitor, "five")).Message!.Seq.ShouldBe(5);
    }

    [Fact]
    public async Task StateSeqAndQueuedMessagesSurviveAFullClusterRestart()
    {
        await using var database = await PostgresDatabase.CreateAsync(ct: Ct);
        var serviceId = LinktorTestCluster.NewServiceId();
        var reader = new MessageReader(database.DataSource);
        var assignee = Guid.CreateVersion7();
        TestTenant tenant;
        string visitor = TestTenant.NewVisitor();
        ConversationRecord before;
        MessageRecord lastSent;

        await using (var first = await LinktorTestCluster.StartAsync(database, serviceId))
        {
            tenant = await TestTenant.CreateAsync(first.Client);
            var conversationId = (await tenant.ReceiveAsync(visitor, "one")).Message!.ConversationId;
            await tenant.ReceiveAsync(visitor, "two");
            lastSent = await tenant.SendAsync(conversationId, "three");
            var grain = tenant.Conversation(conversationId);
            (await grain.MarkReadAsync(1, tenant.Agent)).ShouldSucceed();
            before = (await grain.UpdateAsync(new ConversationPatch
            {
                Status = ConversationStatus.Pending,
                SetAssignee = true,
                AssigneeId = assignee,
                SetPriority = true,
                Priority = ConversationPriority.High,
                Labels = ["vip"],
            }, tenant.Agent)).ShouldSucceed();
            await Eventually.TrueAsync(async () => (await reader.GetAsync(tenant.Id, lastSent.Id, Ct))?.Status == MessageStatus.Sent,
                TimeSpan.FromSeconds(15), "the reply is sent before the restart", Ct);
        }

        // Acknowledged, then every silo went down before the channel sent it: only the log knows about it.
        var orphan = await AppendQueuedAsync(database, lastSent with { Id = Guid.CreateVersion7(), Seq = 4, Content = MessageContent.FromText("four"), Status = MessageStatus.Queued, SentAt = null });

        await using var second = await LinktorTestCluster.StartAsync(database, serviceId);
        tenant = tenant.On(second.Client);
        var after = (await tenant.Conversation(before.Id).GetAsync()).ShouldSucceed();

        after.Status.ShouldBe(ConversationStatus.Pending);
        after.AssigneeId.ShouldBe(assignee);
        after.Priority.ShouldBe(ConversationPriority.High);
        after.Labels.ShouldBe(["vip"]);
        after.Contact.Id.ShouldBe(before.Contact.Id);
        after.LastSeq.ShouldBe(4);
        after.UnreadCount.ShouldBe(1, "read up to seq 1 before the restart; seq 2 is still unread");
        after.LastMessage.ShouldNotBeNull().Id.ShouldBe(orphan.Id);
        await Eventually.TrueAsync(async () => (await reader.GetAsync(tenant.Id, orphan.Id, Ct))?.Status == MessageStatus.Sent,
            TimeSpan.FromSeconds(20), "the message queued before the restart is sent after it", Ct);
        (await tenant.SendAsync(before.Id, "five")).Seq.ShouldBe(5);
        var received = (await tenant.ReceiveAsync(visitor, "six")).Message!;
        received.ConversationId.ShouldBe(before.Id, "the identity still points at its conversation");
        received.Seq.ShouldBe(6);
        (await Sql.ScalarAsync<long>(database.DataSource, "SELECT count(*) FROM contacts WHERE tenant_id = $1", tenant.Id)).ShouldBe(1);
        (await Sql.ScalarAsync<long>(database.DataSource, "SELECT count(*) FROM conversations WHERE tenant_id = $1", tenant.Id)).ShouldBe(1);
    }

    private static async Task<MessageRecord> AppendQueuedAsync(PostgresDatabase database, MessageRecord message)
    {
        await using var store = new MessageStore(database.DataSource,
            Options.Create(new StorageOptions { ConnectionString = database.ConnectionString }), Options.Create(new Storage.Events.EventStreamOptions()), NullLogger<MessageStore>.Instance);
        (await store.AppendAsync(message, [])).ShouldBeTrue();
        return message;
    }
}
