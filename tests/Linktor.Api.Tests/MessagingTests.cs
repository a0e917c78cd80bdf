using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>Sending over HTTP: 202 with the stored message, gap-free seq under concurrency, idempotency, history.</summary>
public sealed class MessagingTests(LinktorNode node)
{
    private NpgsqlDataSource Db => node.Database.DataSource;

    [Fact]
    public async Task AMessageSentByHttpIsStoredOnceGetsTheNextSeqAndReachesAnAgentOverSignalR()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();
        var agent = await tenant.CreateUserAsync();
        await using var joined = await tenant.ConnectInboxAsync(agent.Tokens.AccessToken);
        await joined.InvokeAsync("JoinConversation", conversation.Id);
        await using var notJoined = await tenant.ConnectInboxAsync();
        var first = await tenant.SendTextAsync(conversation.Id, "first");

        var response = await tenant.AdminApi.PostAsync($"/api/v1/conversations/{conversation.Id}/messages",
            new { content = new { type = "text", text = "second" } });

        var sent = response.ShouldBe<Message>(202);
        sent.Status.ShouldBe("sent", "web chat has no provider: a message is sent as it is stored");
        sent.Seq.ShouldBe(first.Seq + 1);
        sent.ConversationId.ShouldBe(conversation.Id);
        sent.ChannelId.ShouldBe(conversation.ChannelId);
        sent.Direction.ShouldBe("outbound");
        sent.Sender.ShouldBe(new Sender("agent", tenant.Admin.Id));
        sent.Content.ShouldBe(new Content("text", "second"));
        sent.Private.ShouldBeFalse();
        response.Headers["Location"].ShouldEndWith($"/api/v1/messages/{sent.Id}");

        var created = await joined.WaitForAsync<Message>("message.created", m => m.Id == sent.Id, "the agent joined the conversation");
        created.Seq.ShouldBe(sent.Seq);
        created.Content.Text.ShouldBe("second");
        var listed = await notJoined.WaitForAsync<Conversation>("conversation.updated",
            c => c.Id == conversation.Id && c.LastSeq == sent.Seq, "conversation events go to all the tenant's agents");
        listed.LastMessage.ShouldNotBeNull().Id.ShouldBe(sent.Id);
        // Per-connection order: had the message event gone to the connection that did not join, it would be here already.
        notJoined.Events.All<Message>("message.created").ShouldNotContain(m => m.ConversationId == conversation.Id);

        (await CountAsync("SELECT count(*) FROM messages WHERE tenant_id = $1 AND conversation_id = $2 AND body = 'second'",
            tenant.Id, conversation.Id)).ShouldBe(1);
        (await SeqsInDatabaseAsync(tenant.Id, conversation.Id)).ShouldBe([first.Seq, sent.Seq]);
        var history = (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{conversation.Id}/messages")).ShouldBe<Page<Message>>(200);
        history.Data.Select(m => m.Id).ShouldBe([first.Id, sent.Id]);
    }

    [Fact]
    public async Task FiftyConcurrentSendsToOneConversationGetSeqsOneToFiftyWithoutGapOrDuplicate()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();

        var sent = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => tenant.SendTextAsync(conversation.Id, $"concurrent {i}")));

        var expected = Enumerable.Range(1, 50).Select(i => (long)i).ToArray();
        sent.Select(m => m.Seq).Order().ShouldBe(expected);
        sent.Select(m => m.Id).Distinct().Count().ShouldBe(50);
        var page = (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{conversation.Id}/messages?limit=200")).ShouldBe<Page<Message>>(200);
        page.Data.Select(m => m.Seq).ShouldBe(expected);
        page.Data.Select(m => m.Id).ShouldBe(page.Data.Select(m => m.Id).Distinct());
        page.NextCursor.ShouldBeNull();
        (await SeqsInDatabaseAsync(tenant.Id, conversation.Id)).ShouldBe(expected);
        // Each acknowledged send is exactly the row with its seq.
        var stored = await TextsBySeqAsync(tenant.Id, conversation.Id);
        foreach (var message in sent)
        {
            stored[message.Seq].ShouldBe(message.Content.Text);
        }
    }

    [Fact]
    public async Task TheSameIdempotencyKeyHeaderTwiceStoresOneMessageAndReturnsTheSameId()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();
        var key = $"header-{Guid.NewGuid():N}";
        var body = new { content = new { type = "text", text = "once" } };

        var first = (await tenant.AdminApi.PostAsync($"/api/v1/conversations/{conversation.Id}/messages", body, key)).ShouldBe<Message>(202);
        var again = (await tenant.AdminApi.PostAsync($"/api/v1/conversations/{conversation.Id}/messages", body, key)).ShouldBe<Message>(202);

        again.Id.ShouldBe(first.Id);
        again.Seq.ShouldBe(first.Seq);
        (await CountAsync("SELECT count(*) FROM messages WHERE tenant_id = $1 AND conversation_id = $2", tenant.Id, conversation.Id)).ShouldBe(1);
        // The next message without a key takes the next seq: the duplicate used none.
        (await tenant.SendTextAsync(conversation.Id, "next")).Seq.ShouldBe(first.Seq + 1);
    }

    [Fact]
    public async Task TheSameIdempotencyKeyFieldTwiceStoresOneMessageAndReturnsTheSameId()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();
        var body = new { content = new { type = "text", text = "once" }, idempotency_key = $"body-{Guid.NewGuid():N}" };

        var first = (await tenant.AdminApi.PostAsync($"/api/v1/conversations/{conversation.Id}/messages", body)).ShouldBe<Message>(202);
        var again = (await tenant.AdminApi.PostAsync($"/api/v1/conversations/{conversation.Id}/messages", body)).ShouldBe<Message>(202);
        // The header and the field are one key: the header with the same value is the same send.
        var viaHeader = (await tenant.AdminApi.PostAsync($"/api/v1/conversations/{conversation.Id}/messages",
            new { content = new { type = "text", text = "once" } }, body.idempotency_key)).ShouldBe<Message>(202);

        again.Id.ShouldBe(first.Id);
        viaHeader.Id.ShouldBe(first.Id);
        (await CountAsync("SELECT count(*) FROM messages WHERE tenant_id = $1 AND conversation_id = $2", tenant.Id, conversation.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task ConcurrentSendsWithOneIdempotencyKeyStoreOneMessageAndAllReturnItsId()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();
        var key = $"race-{Guid.NewGuid():N}";

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? tenant.AdminApi.PostAsync($"/api/v1/conversations/{conversation.Id}/messages", new { content = new { type = "text", text = "racing" } }, key)
            : tenant.AdminApi.PostAsync($"/api/v1/conversations/{conversation.Id}/messages",
                new { content = new { type = "text", text = "racing" }, idempotency_key = key })));

        var messages = answers.Select(a => a.ShouldBe<Message>(202)).ToList();
        messages.Select(m => m.Id).Distinct().Count().ShouldBe(1);
        messages.Select(m => m.Seq).Distinct().ShouldBe([1L]);
        (await CountAsync("SELECT count(*) FROM messages WHERE tenant_id = $1 AND conversation_id = $2", tenant.Id, conversation.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task AnIdempotencyKeyHeaderThatDiffersFromTheFieldIsRefusedAndStoresNothing()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();

        var response = await tenant.AdminApi.PostAsync($"/api/v1/conversations/{conversation.Id}/messages",
            new { content = new { type = "text", text = "which?" }, idempotency_key = "one" }, "another");

        response.ShouldBeValidationProblem("idempotency_key");
        (await CountAsync("SELECT count(*) FROM messages WHERE tenant_id = $1", tenant.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task ConcurrentSendsToAnAddressWithOneIdempotencyKeyStoreOneMessage()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var visitor = await tenant.StartVisitorAsync(channel.Id);
        var body = new
        {
            channel_id = channel.Id,
            to = visitor.VisitorId,
            content = new { type = "text", text = "hello from the API" },
            idempotency_key = $"address-{Guid.NewGuid():N}",
        };

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => tenant.AdminApi.PostAsync("/api/v1/messages", body)));

        answers.Select(a => a.ShouldBe<Message>(202).Id).Distinct().Count().ShouldBe(1);
        (await CountAsync("SELECT count(*) FROM messages WHERE tenant_id = $1", tenant.Id)).ShouldBe(1);
        (await CountAsync("SELECT count(*) FROM conversations WHERE tenant_id = $1", tenant.Id)).ShouldBe(1);
        (await tenant.AdminApi.PostAsync("/api/v1/messages", body)).ShouldBe<Message>(202).Id.ShouldBe(answers[0].As<Message>().Id);
    }

    [Fact]
    public async Task ASendToAWebChatVisitorIdOpensTheirConversationAndTheNextOneContinuesIt()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var visitor = await tenant.StartVisitorAsync(channel.Id);
        await using var visitorHub = await tenant.ConnectVisitorAsync(visitor);

        var first = (await tenant.AdminApi.PostAsync("/api/v1/messages",
            new { channel_id = channel.Id, to = visitor.VisitorId, content = new { type = "text", text = "Can I help?" } })).ShouldBe<Message>(202);
        var second = (await tenant.AdminApi.PostAsync("/api/v1/messages",
            new { channel_id = channel.Id, to = visitor.VisitorId, content = new { type = "text", text = "Still there?" } })).ShouldBe<Message>(202);

        first.Status.ShouldBe("sent", "web chat has no provider: a message is sent as it is stored");
        first.Seq.ShouldBe(1);
        second.ConversationId.ShouldBe(first.ConversationId);
        second.Seq.ShouldBe(2);
        var conversation = (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{first.ConversationId}")).ShouldBe<Conversation>(200);
        conversation.Contact.Id.ShouldBe(visitor.ContactId);
        conversation.ChannelId.ShouldBe(channel.Id);
        await visitorHub.WaitForAsync<Message>("message.created", m => m.Id == second.Id, "the visitor is the addressee");
        (await tenant.CountRowsAsync()).Contacts.ShouldBe(1);
    }

    [Fact]
    public async Task ASendToAnUnknownWebChatVisitorIsRefusedWith422AndCreatesNothing()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var before = await tenant.CountRowsAsync();

        var unknown = await tenant.AdminApi.PostAsync("/api/v1/messages",
            new { channel_id = channel.Id, to = Guid.NewGuid().ToString(), content = new { type = "text", text = "hello?" } });
        var notAnAddress = await tenant.AdminApi.PostAsync("/api/v1/messages",
            new { channel_id = channel.Id, to = "not a visitor id", content = new { type = "text", text = "hello?" } });

        unknown.ShouldBeValidationProblem("to", status: 422);
        notAnAddress.ShouldBeValidationProblem("to");
        (await tenant.CountRowsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task AWebChatSendIsSentAsItIsStoredAndItsHistorySaysSo()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();
        var sent = await tenant.SendTextAsync(conversation.Id, "tracked");

        var read = (await tenant.AdminApi.GetAsync($"/api/v1/messages/{sent.Id}")).ShouldBe<Message>(200);

        // The visitor receives it over the hub: there is no provider to queue it for.
        sent.Status.ShouldBe("sent");
        read.Status.ShouldBe("sent");
        read.StatusHistory.ShouldNotBeNull().Select(s => s.Status).ShouldBe(["sent"]);
        read.SentAt.ShouldBe(read.CreatedAt);
    }

    [Fact]
    public async Task APrivateNoteIsStoredAsSentAndGoesToNoOutbox()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var (conversation, _) = await tenant.StartConversationAsync();

        var note = await tenant.SendTextAsync(conversation.Id, "internal: VIP customer", isPrivate: true);

        note.Private.ShouldBeTrue();
        note.Status.ShouldBe("sent");
        var read = (await tenant.AdminApi.GetAsync($"/api/v1/messages/{note.Id}")).ShouldBe<Message>(200);
        read.StatusHistory.ShouldNotBeNull().Select(s => s.Status).ShouldBe(["sent"]);
    }

    private async Task<long> CountAsync(string sql, params object[] args)
    {
        await using var cmd = Db.CreateCommand(sql);
        foreach (var arg in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = arg });
        }

        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<List<long>> SeqsInDatabaseAsync(Guid tenantId, Guid conversationId) =>
        [.. (await TextsBySeqAsync(tenantId, conversationId)).Keys];

    private async Task<SortedDictionary<long, string?>> TextsBySeqAsync(Guid tenantId, Guid conversationId)
    {
        await using var cmd = Db.CreateCommand("SELECT seq, content->>'text' FROM messages WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY seq");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        var rows = new SortedDictionary<long, string?>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1));
        }

        return rows;
    }
}
