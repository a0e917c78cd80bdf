using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>The inbox: list filters and paging, PATCH seen live by other agents, read marks, history and Resync.</summary>
public sealed class ConversationsTests(LinktorNode node)
{
    [Fact]
    public async Task TheListFiltersByStatusAssigneeLabelChannelContactAndText()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        var (unassigned, _) = await tenant.StartConversationAsync("Ulla Unassigned");
        var (mine, _) = await tenant.StartConversationAsync("Mia Mine");
        var (resolved, _) = await tenant.StartConversationAsync("Rita Resolved");
        var (agents, agentsVisitor) = await tenant.StartConversationAsync("Aga Agent");
        (await tenant.AdminApi.PatchAsync($"/api/v1/conversations/{mine.Id}", new { assignee_id = tenant.Admin.Id, labels = new[] { "VIP" } })).ShouldBe(200);
        (await tenant.AdminApi.PatchAsync($"/api/v1/conversations/{resolved.Id}", new { status = "resolved" })).ShouldBe(200);
        (await tenant.AdminApi.PatchAsync($"/api/v1/conversations/{agents.Id}", new { assignee_id = agent.User.Id })).ShouldBe(200);
        await tenant.SendTextAsync(unassigned.Id, "Your parcel left the depot");

        async Task<IEnumerable<Guid>> List(string query, ApiClient? api = null) =>
            (await (api ?? tenant.AdminApi).GetAsync($"/api/v1/conversations?{query}")).ShouldBe<Page<Conversation>>(200).Data.Select(c => c.Id);

        (await List("")).ShouldBe([unassigned.Id, mine.Id, resolved.Id, agents.Id], ignoreOrder: true);
        (await List("status=resolved")).ShouldBe([resolved.Id]);
        (await List("status=open")).ShouldBe([unassigned.Id, mine.Id, agents.Id], ignoreOrder: true);
        (await List("assignee_id=me")).ShouldBe([mine.Id]);
        (await List("assignee_id=me", agent.Api)).ShouldBe([agents.Id]);
        (await List($"assignee_id={agent.User.Id}")).ShouldBe([agents.Id]);
        (await List("assignee_id=unassigned")).ShouldBe([unassigned.Id, resolved.Id], ignoreOrder: true);
        (await List("label=vip")).ShouldBe([mine.Id]);
        (await List("label=VIP")).ShouldBe([mine.Id]);
        (await List("status=open&assignee_id=unassigned")).ShouldBe([unassigned.Id]);
        (await List("q=rita")).ShouldBe([resolved.Id]);
        (await List("q=PARCEL")).ShouldBe([unassigned.Id]);
        (await List($"contact_id={agentsVisitor.ContactId}")).ShouldBe([agents.Id]);
        (await List($"channel_id={unassigned.ChannelId}")).Count().ShouldBe(4);
        (await List($"channel_id={Guid.NewGuid()}")).ShouldBeEmpty();
        // Most recently active first: the one with a message leads.
        (await List("")).First().ShouldBe(unassigned.Id);
    }

    [Fact]
    public async Task CursorPagesOfConversationsHaveNoDuplicatesAndMissNone()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await tenant.StartConversationAsync($"Paged {i}")).Conversation.Id);
        }

        var seen = await ContactsTests.PagedIdsAsync(tenant.AdminApi, "/api/v1/conversations?limit=2", expectedPages: 4);

        seen.ShouldBe(Enumerable.Reverse(ids), "most recently active first, each once");
    }

    [Fact]
    public async Task AssigningResolvingAndLabellingAreSeenLiveByAnotherAgent()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var assignee = await tenant.CreateUserAsync();
        var watcher = await tenant.CreateUserAsync();
        var (conversation, _) = await tenant.StartConversationAsync();
        await using var inbox = await tenant.ConnectInboxAsync(watcher.Tokens.AccessToken);

        var assigned = (await tenant.AdminApi.PatchAsync($"/api/v1/conversations/{conversation.Id}",
            new { assignee_id = assignee.User.Id, status = "pending", priority = "high", labels = new[] { "Billing", "vip" } })).ShouldBe<Conversation>(200);

        (assigned.AssigneeId, assigned.Status, assigned.Priority).ShouldBe((assignee.User.Id, "pending", "high"));
        assigned.Labels.ShouldBe(["billing", "vip"], ignoreOrder: true);
        var seen = await inbox.WaitForAsync<Conversation>("conversation.updated",
            c => c.Id == conversation.Id && c.AssigneeId == assignee.User.Id, "another agent sees the assignment");
        (seen.Status, seen.Priority).ShouldBe(("pending", "high"));
        seen.Labels.ShouldBe(["billing", "vip"], ignoreOrder: true);

        (await assignee.Api.PatchAsync($"/api/v1/conversations/{conversation.Id}", new { status = "resolved", assignee_id = (Guid?)null, labels = Array.Empty<string>() }))
            .ShouldBe<Conversation>(200).Status.ShouldBe("resolved");
        var resolved = await inbox.WaitForAsync<Conversation>("conversation.updated",
            c => c.Id == conversation.Id && c.Status == "resolved", "another agent sees the resolution");
        resolved.AssigneeId.ShouldBeNull();
        resolved.Labels.ShouldBeEmpty();
        resolved.Priority.ShouldBe("high", "a field left out of a PATCH is left alone");

        var stored = (await watcher.Api.GetAsync($"/api/v1/conversations/{conversation.Id}")).ShouldBe<Conversation>(200);
        (stored.Status, stored.AssigneeId, stored.Priority).ShouldBe(("resolved", (Guid?)null, "high"));
        (await tenant.AdminApi.PatchAsync($"/api/v1/conversations/{conversation.Id}", new { assignee_id = Guid.NewGuid() })).ShouldBeValidationProblem("assignee_id");
    }

    [Fact]
    public async Task MarkReadDropsTheUnreadCountToZero()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var session = await tenant.StartVisitorAsync();
        await using var visitor = await tenant.ConnectVisitorAsync(session);
        Message? last = null;
        for (var i = 1; i <= 3; i++)
        {
            last = await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = $"unread {i}" });
        }

        var conversationId = last!.ConversationId;
        (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{conversationId}")).ShouldBe<Conversation>(200).UnreadCount.ShouldBe(3);
        await using var inbox = await tenant.ConnectInboxAsync();

        await inbox.InvokeAsync("MarkRead", conversationId, 2L);
        (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{conversationId}")).ShouldBe<Conversation>(200).UnreadCount.ShouldBe(1);
        await inbox.InvokeAsync("MarkRead", conversationId, last.Seq);

        (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{conversationId}")).ShouldBe<Conversation>(200).UnreadCount.ShouldBe(0);
        await inbox.WaitForAsync<Conversation>("conversation.updated", c => c.Id == conversationId && c.UnreadCount == 0, "the list shows it read");
        // A new message from the visitor is unread again; an agent's own messages never are.
        await tenant.SendTextAsync(conversationId, "reply");
        await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = "thanks" });
        (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{conversationId}")).ShouldBe<Conversation>(200).UnreadCount.ShouldBe(1);
    }

    [Fact]
    public async Task ResyncReturnsExactlyTheMessagesMissedWhileDisconnectedInSeqOrder()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();
        var sent = new List<Message>();
        long lastSeen;
        await using (var before = await tenant.ConnectInboxAsync())
        {
            await before.InvokeAsync("JoinConversation", conversation.Id);
            for (var i = 1; i <= 4; i++)
            {
                sent.Add(await tenant.SendTextAsync(conversation.Id, $"m{i}"));
            }

            lastSeen = (await before.WaitForAsync<Message>("message.created", m => m.Id == sent[^1].Id, "the agent is watching")).Seq;
        }

        // The agent is away: a private note among the messages it misses.
        for (var i = 5; i <= 10; i++)
        {
            sent.Add(await tenant.SendTextAsync(conversation.Id, $"m{i}", isPrivate: i == 6));
        }

        await using var after = await tenant.ConnectInboxAsync();
        await after.InvokeAsync("JoinConversation", conversation.Id);
        var missed = await after.InvokeAsync<List<Message>>("Resync", conversation.Id, lastSeen);

        lastSeen.ShouldBe(4);
        missed.Select(m => m.Seq).ShouldBe([5L, 6L, 7L, 8L, 9L, 10L]);
        missed.Select(m => m.Id).ShouldBe(sent.Skip(4).Select(m => m.Id));
        missed.Single(m => m.Seq == 6).Private.ShouldBeTrue("agents see private notes");
        (await after.InvokeAsync<List<Message>>("Resync", conversation.Id, 10L)).ShouldBeEmpty();
        (await after.InvokeAsync<List<Message>>("Resync", conversation.Id, 0L)).Select(m => m.Seq).ShouldBe(Enumerable.Range(1, 10).Select(i => (long)i));
    }

    [Fact]
    public async Task TheHistoryPagesForwardFromAfterSeqAndBackwardFromBeforeSeq()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();
        for (var i = 1; i <= 10; i++)
        {
            await tenant.SendTextAsync(conversation.Id, $"m{i}");
        }

        var path = $"/api/v1/conversations/{conversation.Id}/messages";
        var forward = (await tenant.AdminApi.GetAsync($"{path}?after_seq=4&limit=3")).ShouldBe<Page<Message>>(200);
        forward.Data.Select(m => m.Seq).ShouldBe([5L, 6L, 7L]);
        forward.NextCursor.ShouldBe("7");
        var rest = (await tenant.AdminApi.GetAsync($"{path}?after_seq={forward.NextCursor}&limit=3")).ShouldBe<Page<Message>>(200);
        rest.Data.Select(m => m.Seq).ShouldBe([8L, 9L, 10L]);
        rest.NextCursor.ShouldBeNull();
        var newest = (await tenant.AdminApi.GetAsync($"{path}?limit=4")).ShouldBe<Page<Message>>(200);
        newest.Data.Select(m => m.Seq).ShouldBe([7L, 8L, 9L, 10L]);
        newest.NextCursor.ShouldBe("7");
        var older = (await tenant.AdminApi.GetAsync($"{path}?before_seq={newest.NextCursor}&limit=4")).ShouldBe<Page<Message>>(200);
        older.Data.Select(m => m.Seq).ShouldBe([3L, 4L, 5L, 6L]);
        (await tenant.AdminApi.GetAsync($"{path}?before_seq=3")).ShouldBe<Page<Message>>(200).Data.Select(m => m.Seq).ShouldBe([1L, 2L]);
    }

    [Fact]
    public async Task OpeningAConversationThatIsOpenReturnsItAndAfterResolvingOpensANewOne()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, visitor) = await tenant.StartConversationAsync();
        var body = new { contact_id = visitor.ContactId, channel_id = conversation.ChannelId };

        (await tenant.AdminApi.PostAsync("/api/v1/conversations", body)).ShouldBe<Conversation>(200).Id.ShouldBe(conversation.Id);
        (await tenant.AdminApi.PatchAsync($"/api/v1/conversations/{conversation.Id}", new { status = "resolved" })).ShouldBe(200);
        var next = (await tenant.AdminApi.PostAsync("/api/v1/conversations", body)).ShouldBe<Conversation>(201);

        next.Id.ShouldNotBe(conversation.Id);
        next.Status.ShouldBe("open");
        next.Contact.Id.ShouldBe(visitor.ContactId);
    }
}
