using System.Net;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Linktor.Storage.Media;
using Linktor.Testing.FakeProviders;
using Microsoft.Extensions.Options;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Channels;

/// <summary>
/// A Telegram channel end to end against a fake Bot API on loopback: webhook registration, signed (secret-token)
/// updates stored once and pushed live, replies sent and marked, outages and bursts.
/// </summary>
public sealed class TelegramChannelTests(ProviderNode node) : IClassFixture<ProviderNode>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly FakeTelegram _fake = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NpgsqlDataSource Db => node.Database.DataSource;

    public async ValueTask InitializeAsync() => await _fake.StartAsync();

    public async ValueTask DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task CreatingTheChannelRegistersItsWebhookAndTheTokenNeverComesBack()
    {
        var tenant = await TestTenant.CreateAsync(node);

        var telegram = await TelegramChannel.CreateAsync(tenant, _fake);

        _fake.WebhookUrl.ShouldBe(telegram.Channel.WebhookUrl);
        _fake.WebhookSecretToken.ShouldNotBeNullOrEmpty("a secret token is generated and registered");
        _fake.WebhookAllowedUpdates.ShouldBe(["message", "edited_message", "callback_query"], ignoreOrder: true);
        var read = await tenant.AdminApi.GetAsync($"/api/v1/channels/{telegram.Channel.Id}");
        read.Body.ShouldNotContain(_fake.BotToken);
        read.Body.ShouldNotContain(_fake.WebhookSecretToken!);
        (await Sql.ScalarAsync<long>(Db, "SELECT count(*) FROM orleansstorage WHERE position(convert_to($1, 'UTF8') in payloadbinary) > 0", _fake.BotToken))
            .ShouldBe(0, "credentials are stored encrypted");
        var test = (await tenant.AdminApi.PostAsync($"/api/v1/channels/{telegram.Channel.Id}/test")).ShouldBe<ChannelTest>(200);
        test.Ok.ShouldBeTrue(test.Detail);
        test.Identity.ShouldNotBeNull()["username"].ShouldBe(_fake.BotUsername);
    }

    [Fact]
    public async Task AProviderThatRefusesTheWebhookFailsTheChannelCreationAndStoresNothing()
    {
        var tenant = await TestTenant.CreateAsync(node);
        _fake.InjectFault(new Fault(401, """{"ok":false,"error_code":401,"description":"Unauthorized"}"""), applies: FakeTelegram.ForMethod("setWebhook"));

        var refused = await tenant.AdminApi.PostAsync("/api/v1/channels", new
        {
            type = "telegram", name = "Bot", config = new { api_base_url = _fake.BaseUrl.ToString() }, credentials = new { bot_token = _fake.BotToken },
        });

        refused.ShouldBeProblem(422, "channel_unavailable").Detail.ShouldContain("Unauthorized");
        (await Sql.ScalarAsync<long>(Db, "SELECT count(*) FROM channels WHERE tenant_id = $1", tenant.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task AnUpdateIsStoredOnceEvenWhenDeliveredTwiceAndReachesAnAgentLive()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var telegram = await TelegramChannel.CreateAsync(tenant, _fake);
        await using var inbox = await tenant.ConnectInboxAsync();
        var update = FakeTelegram.TextUpdate(1001, chatId: 4242, messageId: 7, "Hello, is my order ready?", firstName: "Ana");

        var first = await telegram.DeliverAsync(update);
        var again = await telegram.DeliverAsync(update);

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        again.StatusCode.ShouldBe(HttpStatusCode.OK, "a redelivery is acknowledged, not an error the provider would retry");
        var listed = await inbox.WaitForAsync<Conversation>("conversation.updated", c => c.LastMessage?.ExternalId == "4242:7",
            "the agent's conversation list shows the message live");
        var created = listed.LastMessage!;
        created.Content.ShouldBe(new Content("text", "Hello, is my order ready?"));
        created.Direction.ShouldBe("inbound");
        created.ExternalId.ShouldBe("4242:7");
        (await Sql.ScalarAsync<long>(Db, "SELECT count(*) FROM messages WHERE tenant_id = $1 AND external_id = '4242:7'", tenant.Id)).ShouldBe(1);
        var conversation = (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{created.ConversationId}")).ShouldBe<Conversation>(200);
        conversation.Contact.Name.ShouldBe("Ana");
        conversation.ChannelId.ShouldBe(telegram.Channel.Id);
    }

    [Fact]
    public async Task AnUpdateWithoutTheSecretOrWithAWrongOneIsRefusedAndStoresNothing()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var telegram = await TelegramChannel.CreateAsync(tenant, _fake);
        var before = await tenant.SnapshotAsync();
        var update = FakeTelegram.TextUpdate(2001, chatId: 5151, messageId: 1, "let me in");

        using var missing = new HttpRequestMessage(HttpMethod.Post, telegram.WebhookUrl) { Content = new ByteArrayContent(update) };
        var withoutSecret = await node.Anonymous.SendAsync(missing, Ct);
        var wrongSecret = await telegram.DeliverAsync(update, secret: "not-the-registered-secret");
        var unknownChannel = await node.Anonymous.SendAsync(
            FakeTelegram.WebhookPost(new Uri(node.BaseAddress, $"/hooks/{Guid.NewGuid()}"), update, _fake.WebhookSecretToken!), Ct);

        withoutSecret.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await withoutSecret.Content.ReadAsStringAsync(Ct)).ShouldContain("\"code\":\"unauthorized\"");
        wrongSecret.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        unknownChannel.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await tenant.SnapshotAsync()).ShouldBe(before, "a refused webhook changes nothing");
    }

    [Fact]
    public async Task AnAgentsReplyGoesToTheChatQuotingAndIsMarkedSentWithTheProvidersId()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var telegram = await TelegramChannel.CreateAsync(tenant, _fake);
        await telegram.DeliverAsync(FakeTelegram.TextUpdate(3001, chatId: 777, messageId: 41, "Where is my parcel?"));
        var inbound = await InboundAsync(tenant, "777:41");

        var reply = (await tenant.AdminApi.PostAsync($"/api/v1/conversations/{inbound.ConversationId}/messages",
            new { content = new { type = "text", text = "On its way!", reply_to_message_id = inbound.Id } })).ShouldBe<Message>(202);

        var sent = await Eventually.GetAsync(async () =>
            (await tenant.AdminApi.GetAsync($"/api/v1/messages/{reply.Id}")).As<Message>() is { Status: "sent" } m ? m : null, Deadline, "the reply is sent", Ct);
        var call = _fake.Calls("sendMessage").ShouldHaveSingleItem().Json;
        call.GetProperty("chat_id").ToString().ShouldBe("777");
        call.GetProperty("text").GetString().ShouldBe("On its way!");
        call.GetProperty("reply_parameters").GetProperty("message_id").GetInt64().ShouldBe(41, "the quoted message is the provider's own id");
        sent.ExternalId.ShouldStartWith("777:");
        sent.StatusHistory.ShouldNotBeNull().Select(h => h.Status).ShouldBe(["queued", "sent"]);
    }

    [Fact]
    public async Task ButtonPressesEditsAndPhotosArriveAsCanonicalEvents()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var telegram = await TelegramChannel.CreateAsync(tenant, _fake);
        await using var inbox = await tenant.ConnectInboxAsync();
        var photo = "AgACAgQAAxkBAAIBKmZrQ1abcDEFghiJKLmnOPqrSTUVAAIFxjEbl4lgUAAB1wXyZAEAAwIAA3kAAzUE"u8.ToArray();
        _fake.AddFile("photo-file-1", "photos/file_1.jpg", photo);

        await telegram.DeliverAsync(FakeTelegram.TextUpdate(4001, chatId: 900, messageId: 10, "Hello, is my order ready?"));
        await inbox.InvokeAsync("JoinConversation", (await InboundAsync(tenant, "900:10")).ConversationId);
        await telegram.DeliverAsync(FakeTelegram.EditedMessageUpdate(4002, chatId: 900, messageId: 10, "Hello, is my order #4521 ready?", DateTimeOffset.UtcNow));
        await telegram.DeliverAsync(FakeTelegram.CallbackQueryUpdate(4003, chatId: 900, messageId: 11, "cbq-1", "appt:cancel", "Cancel"));
        await telegram.DeliverAsync(FakeTelegram.PhotoUpdate(4004, chatId: 900, messageId: 12, "photo-file-1", caption: "the box"));

        var edited = await inbox.WaitForAsync<Message>("message.updated", m => m.ExternalId == "900:10", "the edit is pushed as an update");
        edited.Content.Text.ShouldBe("Hello, is my order #4521 ready?");
        (await Sql.ScalarAsync<long>(Db, "SELECT count(*) FROM messages WHERE tenant_id = $1 AND external_id = '900:10' AND edited_at IS NOT NULL", tenant.Id)).ShouldBe(1);
        var press = await InboundAsync(tenant, "cbq:cbq-1");
        press.Content.Type.ShouldBe("interactive");
        (await tenant.AdminApi.GetAsync($"/api/v1/messages/{press.Id}")).Json.GetProperty("content").GetProperty("interactive")
            .GetProperty("reply").GetProperty("id").GetString().ShouldBe("appt:cancel");
        await Eventually.TrueAsync(() => Task.FromResult(_fake.AnsweredCallbackQueries.Contains("cbq-1")), Deadline,
            "the button press is answered so the contact's button stops spinning", Ct);
        var image = await InboundAsync(tenant, "900:12");
        image.Content.Type.ShouldBe("image");
        var download = await tenant.AdminApi.Http.GetAsync($"/api/v1/messages/{image.Id}/media", Ct);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(photo, "the attachment is fetched from the provider with the channel's token");
        var other = await TestTenant.CreateAsync(node);
        (await other.AdminApi.GetAsync($"/api/v1/messages/{image.Id}/media")).ShouldBeProblem(404, "not_found");
    }

    [Fact]
    public async Task AnInboundAttachmentIsCopiedOnArrivalOrAtTheFirstDownloadAndStillServedAfterTheProviderForgetsIt()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var telegram = await TelegramChannel.CreateAsync(tenant, _fake);
        var contract = Enumerable.Range(0, 50_000).Select(i => (byte)(i % 251)).ToArray();
        _fake.AddFile("doc-file-1", "documents/file_9.pdf", contract);

        await telegram.DeliverAsync(FakeTelegram.DocumentUpdate(4101, chatId: 901, messageId: 30, "doc-file-1", fileName: "contract.pdf"));
        var message = await InboundAsync(tenant, "901:30");
        var store = new FileSystemMediaStore(Options.Create(new MediaOptions { Path = node.MediaPath }), TimeProvider.System);
        await Eventually.TrueAsync(async () =>
        {
            await using var copy = await store.OpenInboundCopyAsync(tenant.Id, message.Id, Ct);
            return copy is not null;
        }, Deadline, "the silo keeps a copy of the attachment soon after it arrives", Ct);

        // A copy lost (a silo crashed before taking it) is taken by the first download, from the provider.
        foreach (var file in Directory.GetFiles(node.MediaPath, $"{message.Id:N}*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        var asked = _fake.Calls("getFile").Count;
        (await DownloadContractAsync(tenant, message.Id)).ShouldBe(contract);
        _fake.Calls("getFile").Count.ShouldBe(asked + 1);
        await using (var retaken = await store.OpenInboundCopyAsync(tenant.Id, message.Id, Ct))
        {
            retaken.ShouldNotBeNull("the download kept a copy");
        }

        // A week later: the provider no longer has it.
        _fake.RemoveFile("doc-file-1");
        (await DownloadContractAsync(tenant, message.Id)).ShouldBe(contract);
        _fake.Calls("getFile").Count.ShouldBe(asked + 1, "the copy is served without asking the provider");
        var other = await TestTenant.CreateAsync(node);
        (await other.AdminApi.GetAsync($"/api/v1/messages/{message.Id}/media")).ShouldBeProblem(404, "not_found");
    }

    [Fact]
    public async Task AContactsHtmlFileIsServedAsADownloadThatCannotRunInTheInboxOrigin()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var telegram = await TelegramChannel.CreateAsync(tenant, _fake);
        _fake.AddFile("html-file-1", "documents/file_10.html", "<script>fetch('/api/v1/api_keys')</script>"u8.ToArray());

        await telegram.DeliverAsync(FakeTelegram.DocumentUpdate(4201, chatId: 902, messageId: 40, "html-file-1", fileName: "invoice.html", mimeType: "text/html"));
        var message = await InboundAsync(tenant, "902:40");

        using var download = await tenant.AdminApi.Http.GetAsync($"/api/v1/messages/{message.Id}/media", Ct);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment", "a page a contact sent opens as a download, not in the inbox's origin");
        download.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        download.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("sandbox");
        download.Headers.CacheControl!.Private.ShouldBeTrue("what needs the agent's token is kept by no shared cache");
    }

    [Fact]
    public async Task AProviderOutageDelaysRepliesButLosesNoneAndSendsNoneTwice()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var telegram = await TelegramChannel.CreateAsync(tenant, _fake, new Dictionary<string, string> { ["recipient_rate_limit_per_second"] = "100" });
        var conversations = new List<Guid>();
        for (var chat = 1; chat <= 10; chat++)
        {
            await telegram.DeliverAsync(FakeTelegram.TextUpdate(5000 + chat, chatId: 6000 + chat, messageId: 1, $"hi from {chat}"));
            conversations.Add((await InboundAsync(tenant, $"{6000 + chat}:1")).ConversationId);
        }

        _fake.InjectFault(FakeTelegram.ServerError(503), applies: FakeTelegram.ForMethod("sendMessage"));
        var outageStarted = DateTimeOffset.UtcNow;
        var replies = new List<Message>();
        foreach (var conversation in conversations)
        {
            for (var i = 1; i <= 3; i++)
            {
                replies.Add(await tenant.SendTextAsync(conversation, $"reply {i} to {conversation}"));
            }
        }

        // The outage lasts a few seconds: each conversation's head is tried and refused, the circuit opens, and
        // from then on one trial send a second (the break) probes the provider.
        await Eventually.TrueAsync(() => Task.FromResult(_fake.Requests.Count(r => !r.Accepted) >= 15 && DateTimeOffset.UtcNow - outageStarted > TimeSpan.FromSeconds(3)),
            Deadline, "sends keep being tried during the outage", Ct);
        var refusedDuringOutage = _fake.Requests.Count(r => !r.Accepted);
        _fake.ClearFault();
        var recovered = DateTimeOffset.UtcNow;

        await Eventually.TrueAsync(async () => await Sql.ScalarAsync<long>(Db,
            "SELECT count(*) FROM messages WHERE tenant_id = $1 AND direction = 'outbound' AND status = 'sent'", tenant.Id) == replies.Count,
            Deadline, "every reply is sent once the provider is back", Ct);
        var drained = DateTimeOffset.UtcNow;
        var texts = telegram.SentTexts();
        texts.Select(t => t.Text).ShouldBe(replies.Select(r => r.Content.Text!), ignoreOrder: true, "each reply reached the provider exactly once");
        foreach (var group in texts.GroupBy(t => t.ChatId))
        {
            group.Select(t => t.Text[..7]).ShouldBe(["reply 1", "reply 2", "reply 3"], $"chat {group.Key} got its replies in order");
        }

        (await Sql.ScalarAsync<long>(Db, "SELECT count(*) FROM messages WHERE tenant_id = $1 AND status = 'failed'", tenant.Id)).ShouldBe(0);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"outage/retry: {replies.Count} replies, outage {(recovered - outageStarted).TotalSeconds:0.0} s with {refusedDuringOutage} refused attempts; " +
            $"all sent {(drained - recovered).TotalSeconds:0.0} s after recovery; {texts.Count} accepted sends, 0 duplicates, 0 failed");
    }

    [Fact]
    public async Task ABurstOf500SendsNeverExceedsTheConfiguredRateAtTheProvider()
    {
        const int rate = 100, burst = 10, count = 500, chats = 25;
        var tenant = await TestTenant.CreateAsync(node);
        var telegram = await TelegramChannel.CreateAsync(tenant, _fake, new Dictionary<string, string>
        {
            ["rate_limit_per_second"] = $"{rate}",
            ["rate_limit_burst"] = $"{burst}",
            ["recipient_rate_limit_per_second"] = "1000",
            ["recipient_rate_limit_burst"] = "1000",
        });

        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(Ct);
            try
            {
                (await tenant.AdminApi.PostAsync("/api/v1/messages", new
                {
                    channel_id = telegram.Channel.Id, to = $"{8000 + (i % chats)}", content = new { type = "text", text = $"burst {i}" },
                })).ShouldBe(202);
            }
            finally
            {
                gate.Release();
            }
        }));

        await Eventually.TrueAsync(() => Task.FromResult(_fake.Calls("sendMessage").Count >= count), TimeSpan.FromSeconds(60), "the burst drains", Ct);
        var times = telegram.SentTexts().Select(t => t.At).Order().ToList();
        times.Count.ShouldBe(count, "each message once");
        var busiestSecond = Rates.MaxInAnyWindow(times, TimeSpan.FromSeconds(1));
        busiestSecond.ShouldBeLessThanOrEqualTo(rate + burst + 2, "a token bucket admits at most its burst plus its rate in any second");
        var span = times[^1] - times[0];
        span.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds((count - burst) / (double)rate * 0.9), "beyond the burst, sends are paced");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"rate limit: {count} sends at {rate}/s (burst {burst}) took {span.TotalSeconds:0.0} s at the provider; busiest second {busiestSecond}");
    }

    private static async Task<byte[]> DownloadContractAsync(TestTenant tenant, Guid messageId)
    {
        using var download = await tenant.AdminApi.Http.GetAsync($"/api/v1/messages/{messageId}/media", Ct);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        download.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("contract.pdf");
        return await download.Content.ReadAsByteArrayAsync(Ct);
    }

    private async Task<Message> InboundAsync(TestTenant tenant, string externalId) =>
        await Eventually.GetAsync(async () =>
        {
            var id = await Sql.ScalarAsync<Guid?>(Db, "SELECT id FROM messages WHERE tenant_id = $1 AND external_id = $2", tenant.Id, externalId);
            return id is { } found ? (await tenant.AdminApi.GetAsync($"/api/v1/messages/{found}")).As<Message>() : null;
        }, Deadline, $"message {externalId} is stored", Ct);
}
