using System.Text.Json;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Microsoft.AspNetCore.SignalR;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>Web chat over real SignalR: visitors on <c>/hubs/webchat</c>, agents on <c>/hubs/inbox</c>, replies by HTTP.</summary>
public sealed class WebChatTests(LinktorNode node)
{
    private static readonly object Hello = new { type = "text", text = "Hello, anyone there?" };

    [Fact]
    public async Task AVisitorsMessageReachesTheAgentAndTheAgentsPublicRepliesButNeverPrivateNotesReachTheVisitor()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var session = await tenant.StartVisitorAsync(channel.Id, "Vera Visitor");
        var agent = await tenant.CreateUserAsync();
        await using var inbox = await tenant.ConnectInboxAsync(agent.Tokens.AccessToken);
        await using var visitor = await tenant.ConnectVisitorAsync(session);

        // The first message opens the conversation; every agent of the tenant sees it in the list.
        var opening = await visitor.InvokeAsync<Message>("SendMessage", Hello);
        opening.Direction.ShouldBe("inbound");
        opening.Seq.ShouldBe(1);
        opening.Sender.ShouldBe(new Sender("contact", session.ContactId));
        var listed = await inbox.WaitForAsync<Conversation>("conversation.updated",
            c => c.Id == opening.ConversationId && c.LastSeq == 1, "a new web-chat conversation shows in every agent's list");
        listed.Contact.Id.ShouldBe(session.ContactId);

        // The agent opens it: what came before is there by Resync, what comes next arrives as message.created.
        await inbox.InvokeAsync("JoinConversation", opening.ConversationId);
        (await inbox.InvokeAsync<List<Message>>("Resync", opening.ConversationId, 0L)).Select(m => m.Id).ShouldBe([opening.Id]);
        var followUp = await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = "I need help with my order" });
        var received = await inbox.WaitForAsync<Message>("message.created", m => m.Id == followUp.Id, "the agent joined the conversation");
        received.Content.Text.ShouldBe("I need help with my order");
        received.Seq.ShouldBe(2);

        // Reply by HTTP → the visitor; a private note → not the visitor; the reply after the note → the visitor.
        var reply = await tenant.SendTextAsync(opening.ConversationId, "Happy to help! What is the order number?", api: agent.Api);
        var got = await visitor.WaitForAsync<Message>("message.created", m => m.Id == reply.Id, "agents' public replies reach the visitor");
        got.Content.Text.ShouldBe("Happy to help! What is the order number?");
        got.Direction.ShouldBe("outbound");
        var note = await tenant.SendTextAsync(opening.ConversationId, "internal: this customer was refunded twice", isPrivate: true, api: agent.Api);
        var afterNote = await tenant.SendTextAsync(opening.ConversationId, "Let me check that for you.", api: agent.Api);
        await visitor.WaitForAsync<Message>("message.created", m => m.Id == afterNote.Id, "the public reply sent after the note");
        // Events of one conversation reach a connection in order: the note, sent before, would be here by now.
        visitor.Events.All<Message>("message.created").ShouldNotContain(m => m.Id == note.Id || m.Private);
        visitor.Events.All<Message>("message.updated").ShouldNotContain(m => m.Id == note.Id || m.Private);
        // The agent, though, saw the note.
        await inbox.WaitForAsync<Message>("message.created", m => m.Id == note.Id && m.Private, "agents see private notes");
        // The visitor's own history leaves the note out too.
        var visitorHistory = await visitor.InvokeAsync<List<Message>>("Resync", 0L);
        visitorHistory.Select(m => m.Seq).ShouldBe([1L, 2L, reply.Seq, afterNote.Seq]);

        // Typing, both ways.
        await inbox.InvokeAsync("Typing", opening.ConversationId, true);
        var agentTyping = await visitor.WaitForAsync<JsonElement>("typing", _ => true, "an agent's typing reaches the visitor");
        agentTyping.GetProperty("conversation_id").GetGuid().ShouldBe(opening.ConversationId);
        agentTyping.GetProperty("user").GetProperty("id").GetGuid().ShouldBe(agent.User.Id);
        agentTyping.GetProperty("is_typing").GetBoolean().ShouldBeTrue();
        await visitor.InvokeAsync("Typing", true);
        var visitorTyping = await inbox.WaitForAsync<JsonElement>("typing",
            t => t.GetProperty("contact").ValueKind == JsonValueKind.Object, "the visitor's typing reaches the agents in the conversation");
        visitorTyping.GetProperty("contact").GetProperty("id").GetGuid().ShouldBe(session.ContactId);
    }

    [Fact]
    public async Task TwoConcurrentFirstMessagesFromOneNewVisitorMakeOneContactAndOneConversation()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        const int Visitors = 5;

        for (var i = 0; i < Visitors; i++)
        {
            var session = await tenant.StartVisitorAsync(channel.Id, $"Racer {i}");
            await using var tab1 = await tenant.ConnectVisitorAsync(session);
            await using var tab2 = await tenant.ConnectVisitorAsync(session);

            var sent = await Task.WhenAll(
                tab1.InvokeAsync<Message>("SendMessage", new { type = "text", text = "from tab 1" }),
                tab2.InvokeAsync<Message>("SendMessage", new { type = "text", text = "from tab 2" }));

            sent[0].ConversationId.ShouldBe(sent[1].ConversationId, "both first messages belong in one conversation");
            sent.Select(m => m.Seq).Order().ShouldBe([1L, 2L]);
            sent.ShouldAllBe(m => m.Sender.Id == session.ContactId);
        }

        var rows = await tenant.CountRowsAsync();
        rows.Contacts.ShouldBe(Visitors);
        rows.Identities.ShouldBe(Visitors);
        rows.Conversations.ShouldBe(Visitors);
        rows.Messages.ShouldBe(2 * Visitors);
    }

    [Fact]
    public async Task AVisitorRetryWithTheSameKeyStoresOneMessage()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var session = await tenant.StartVisitorAsync();
        await using var visitor = await tenant.ConnectVisitorAsync(session);

        var sent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            visitor.InvokeAsync<Message>("SendMessageWithKey", Hello, "visitor-retry-1")));

        sent.Select(m => m.Id).Distinct().Count().ShouldBe(1);
        (await tenant.CountRowsAsync()).Messages.ShouldBe(1);
    }

    [Fact]
    public async Task AVisitorTokenIsGoodForTheWebChatHubOnly()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var session = await tenant.StartVisitorAsync();

        (await new ApiClient(node.CreateHttpClient(session.VisitorToken)).GetAsync("/api/v1/conversations")).ShouldBeProblem(401, "unauthorized");
        await Should.ThrowAsync<HttpRequestException>(() => HubClient.ConnectAsync(node.BaseAddress, "/hubs/inbox", session.VisitorToken));
        // ... and an agent's token is not a visitor's.
        await Should.ThrowAsync<HttpRequestException>(() => HubClient.ConnectAsync(node.BaseAddress, "/hubs/webchat", tenant.AdminTokens.AccessToken));
    }

    [Fact]
    public async Task AVisitorCannotSendContentAVisitorDoesNotSend()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var session = await tenant.StartVisitorAsync();
        await using var visitor = await tenant.ConnectVisitorAsync(session);

        await Should.ThrowAsync<HubException>(() => visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = " " }));
        await Should.ThrowAsync<HubException>(() => visitor.InvokeAsync<Message>("SendMessage",
            new { type = "template", template = new { name = "promo", language = "en" } }));
        await Should.ThrowAsync<HubException>(() => visitor.InvokeAsync<Message>("SendMessage",
            new { type = "text", text = new string('x', 64 * 1024 + 1) }));

        (await tenant.CountRowsAsync()).Messages.ShouldBe(0);
    }

    [Fact]
    public async Task TheWidgetScriptIsServedForAWebChatChannelAndNamesIt()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.CreateWebChatChannelAsync(config: new { title = "Ask us", color = "#112233" });

        var script = await node.AnonymousApi.GetAsync($"/widget/{channel.Id}.js");
        var unknown = await node.AnonymousApi.GetAsync($"/widget/{Guid.NewGuid()}.js");

        script.ShouldBe(200);
        script.MediaType.ShouldBe("text/javascript");
        script.Body.ShouldContain(channel.Id.ToString());
        script.Body.ShouldContain("Ask us");
        script.Body.ShouldContain("#112233");
        unknown.ShouldBe(404);
        channel.WidgetSnippet.ShouldNotBeNull().ShouldContain($"/widget/{channel.Id}.js");
    }

    [Fact]
    public async Task ASessionIsRefusedForAnUnknownOrDisabledChannelAndForASiteNotAllowed()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var open = await tenant.CreateWebChatChannelAsync();
        var restricted = await tenant.CreateWebChatChannelAsync(config: new { allowed_origins = "https://shop.example.com" });
        var disabled = await tenant.CreateWebChatChannelAsync();
        (await tenant.AdminApi.PatchAsync($"/api/v1/channels/{disabled.Id}", new { status = "disabled" })).ShouldBe(200);

        (await node.AnonymousApi.PostAsync($"/api/v1/webchat/{Guid.NewGuid()}/sessions", new { })).ShouldBeProblem(404, "not_found");
        (await node.AnonymousApi.PostAsync($"/api/v1/webchat/{disabled.Id}/sessions", new { })).ShouldBeProblem(404, "not_found");
        var elsewhere = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/webchat/{restricted.Id}/sessions", UriKind.Relative))
        {
            Content = ApiClient.JsonBody(new { }),
        };
        elsewhere.Headers.Add("Origin", "https://evil.example.net");
        using var refused = await node.Anonymous.SendAsync(elsewhere, TestContext.Current.CancellationToken);
        ((int)refused.StatusCode).ShouldBe(403);
        (await node.AnonymousApi.PostAsync($"/api/v1/webchat/{open.Id}/sessions", new { name = "Ok" })).ShouldBe(201);

        (await tenant.CountRowsAsync()).Contacts.ShouldBe(1);
    }
}
