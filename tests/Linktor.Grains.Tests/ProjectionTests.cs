using Linktor.Contracts.Common;
using Linktor.Contracts.Conversations;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>The conversation list read model (<c>conversations</c>) follows the grain: counters with each append, state with each change.</summary>
public sealed class ProjectionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheListRowFollowsInboundMessagesAndMarkReadClearsTheUnreadCount()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var messages = new List<Guid>();
        for (var i = 1; i <= 3; i++)
        {
            messages.Add((await tenant.ReceiveAsync(visitor, $"message {i}")).Message!.Id);
        }

        var conversationId = (await tenant.Identity(visitor).OpenConversationAsync(null)).ShouldSucceed().Conversation.Id;
        var grain = tenant.Conversation(conversationId);
        (await RowAsync(tenant, conversationId)).ShouldBe((3L, messages[2], 3));
        (await grain.GetAsync()).ShouldSucceed().UnreadCount.ShouldBe(3);

        var reply = await tenant.SendAsync(conversationId, "agent reply");
        (await RowAsync(tenant, conversationId)).ShouldBe((4L, reply.Id, 3), "an outbound message moves the row but is not unread");

        var read = (await grain.MarkReadAsync(4, tenant.Agent)).ShouldSucceed();
        read.UnreadCount.ShouldBe(0);
        (await RowAsync(tenant, conversationId)).ShouldBe((4L, reply.Id, 0));

        var later = (await tenant.ReceiveAsync(visitor, "one more")).Message!;
        (await RowAsync(tenant, conversationId)).ShouldBe((5L, later.Id, 1));
        (await grain.GetAsync()).ShouldSucceed().UnreadCount.ShouldBe(1);
    }

    [Fact]
    public async Task MarkReadBeyondTheLastSeqDoesNotSwallowLaterMessages()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var first = (await tenant.ReceiveAsync(visitor, "hi")).Message!;
        var grain = tenant.Conversation(first.ConversationId);

        (await grain.MarkReadAsync(1_000, tenant.Agent)).ShouldSucceed().UnreadCount.ShouldBe(0);
        var second = (await tenant.ReceiveAsync(visitor, "hello?")).Message!;

        (await grain.GetAsync()).ShouldSucceed().UnreadCount.ShouldBe(1);
        (await RowAsync(tenant, first.ConversationId)).ShouldBe((2L, second.Id, 1));
    }

    [Fact]
    public async Task StatusAssigneePriorityAndLabelsReachTheListRow()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var conversation = await tenant.OpenConversationAsync();
        var assignee = Guid.CreateVersion7();

        var updated = (await tenant.Conversation(conversation.Id).UpdateAsync(new ConversationPatch
        {
            Status = ConversationStatus.Pending,
            SetAssignee = true,
            AssigneeId = assignee,
            SetPriority = true,
            Priority = ConversationPriority.Urgent,
            Labels = ["vip", "billing"],
        }, tenant.Agent)).ShouldSucceed();

        updated.Status.ShouldBe(ConversationStatus.Pending);
        var row = (await Sql.RowsAsync(fixture.Database.DataSource,
            "SELECT status, assignee_id, priority, labels FROM conversations WHERE tenant_id = $1 AND id = $2",
            tenant.Id, conversation.Id)).ShouldHaveSingleItem();
        row[0].ShouldBe("pending");
        row[1].ShouldBe(assignee);
        row[2].ShouldBe("urgent");
        row[3].ShouldBe(new[] { "vip", "billing" });

        (await tenant.Conversation(conversation.Id).UpdateAsync(new ConversationPatch { SetAssignee = true, AssigneeId = null }, Actor.System))
            .ShouldSucceed().AssigneeId.ShouldBeNull();
        (await Sql.RowsAsync(fixture.Database.DataSource,
            "SELECT status, assignee_id FROM conversations WHERE tenant_id = $1 AND id = $2", tenant.Id, conversation.Id))
            .ShouldHaveSingleItem().ShouldBe(new object?[] { "pending", null }, "unassigning leaves the status alone");
    }

    private async Task<(long LastSeq, Guid LastMessageId, int Unread)> RowAsync(TestTenant tenant, Guid conversationId)
    {
        var row = (await Sql.RowsAsync(fixture.Database.DataSource,
            "SELECT last_seq, last_message_id, unread_count FROM conversations WHERE tenant_id = $1 AND id = $2",
            tenant.Id, conversationId)).ShouldHaveSingleItem();
        return ((long)row[0]!, (Guid)row[1]!, (int)row[2]!);
    }
}
