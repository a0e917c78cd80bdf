using System.Net;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Channels;

/// <summary>
/// A WhatsApp Cloud API channel end to end against a fake Graph API: Meta's handshake, signed batched webhooks,
/// the 24-hour window, and statuses applied monotonically.
/// </summary>
public sealed class WhatsAppChannelTests(ProviderNode node) : IClassFixture<ProviderNode>, IAsyncLifetime
{
    private const string VerifyToken = "verify-me-please";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly FakeWhatsApp _fake = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NpgsqlDataSource Db => node.Database.DataSource;

    public async ValueTask InitializeAsync() => await _fake.StartAsync();

    public async ValueTask DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task MetasHandshakeIsAnsweredOnlyWithTheVerifyToken()
    {
        var (_, channel) = await ChannelAsync();

        var ok = await node.Anonymous.GetAsync($"{channel.WebhookUrl}?{FakeWhatsApp.VerificationQuery(VerifyToken, "1158201444")}", Ct);
        var wrong = await node.Anonymous.GetAsync($"{channel.WebhookUrl}?{FakeWhatsApp.VerificationQuery("guess", "1158201444")}", Ct);

        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ok.Content.ReadAsStringAsync(Ct)).ShouldBe("1158201444");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ABatchedWebhookStoresEveryMessageOnceAndABadSignatureStoresNothing()
    {
        var (tenant, channel) = await ChannelAsync();
        var body = FakeWhatsApp.Batch(_fake.PhoneNumberId)
            .Text("16505551234", "wamid.A1", "Hi, order #4521?", name: "Kerry Fisher")
            .Text("16505550000", "wamid.B1", "Hello from Bob", name: "Bob")
            .NextEntry()
            .Text("16505551234", "wamid.A2", "Any news?", name: "Kerry Fisher")
            .Build();
        var before = await tenant.SnapshotAsync();

        var tampered = body.ToArray();
        tampered[^3] ^= 1;
        (await PostSignedAsync(channel, tampered, FakeWhatsApp.Signature(body))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var unsigned = new HttpRequestMessage(HttpMethod.Post, channel.WebhookUrl) { Content = new ByteArrayContent(body) })
        {
            (await node.Anonymous.SendAsync(unsigned, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await tenant.SnapshotAsync()).ShouldBe(before, "refused webhooks change nothing");

        (await PostSignedAsync(channel, body)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostSignedAsync(channel, body)).StatusCode.ShouldBe(HttpStatusCode.OK, "Meta redelivers; the second delivery is acknowledged");

        var rows = await Sql.RowsAsync(Db,
            "SELECT m.external_id, m.body, m.conversation_id FROM messages m WHERE m.tenant_id = $1 ORDER BY m.external_id", tenant.Id);
        rows.Select(r => (string)r[0]!).ShouldBe(["wamid.A1", "wamid.A2", "wamid.B1"]);
        ((Guid)rows[0][2]!).ShouldBe((Guid)rows[1][2]!, "one contact's messages share a conversation");
        ((Guid)rows[2][2]!).ShouldNotBe((Guid)rows[0][2]!);
        var kerry = (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{rows[0][2]}")).ShouldBe<Conversation>(200);
        kerry.Contact.Name.ShouldBe("Kerry Fisher");
    }

    [Fact]
    public async Task FreeFormMessagesOutsideThe24HourWindowAreRefusedButTemplatesGo()
    {
        var (tenant, channel) = await ChannelAsync();

        var freeForm = await tenant.AdminApi.PostAsync("/api/v1/messages",
            new { channel_id = channel.Id, to = "+1 650 555 9999", content = new { type = "text", text = "Hello!" } });
        var template = await tenant.AdminApi.PostAsync("/api/v1/messages", new
        {
            channel_id = channel.Id, to = "+1 650 555 9999",
            content = new { type = "template", template = new { name = "order_update", language = "en_US", parameters = new[] { "#4521" } } },
        });

        freeForm.ShouldBeProblem(422, "reply_window_closed").Detail.ShouldContain("template");
        var sent = template.ShouldBe<Message>(202);
        await Eventually.TrueAsync(() => Task.FromResult(_fake.Sent.Any(s => s.To == "16505559999" && s.Type == "template")), Deadline,
            "the template reaches the Graph API", Ct);
        (await Sql.ScalarAsync<long>(Db, "SELECT count(*) FROM messages WHERE tenant_id = $1", tenant.Id)).ShouldBe(1, "the refused message stored nothing");
        (await Sql.ScalarAsync<long>(Db, "SELECT count(*) FROM conversations WHERE tenant_id = $1", tenant.Id)).ShouldBe(1, "nor a conversation");

        // The contact answers: the window opens and free-form replies go.
        (await PostSignedAsync(channel, FakeWhatsApp.InboundText(_fake.PhoneNumberId, "16505559999", "wamid.R1", "Thanks!"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.AdminApi.PostAsync($"/api/v1/conversations/{sent.ConversationId}/messages",
            new { content = new { type = "text", text = "You're welcome" } })).ShouldBe(202);
    }

    [Fact]
    public async Task StatusesAreAppliedMonotonicallyAndUnknownOnesAreAcknowledged()
    {
        var (tenant, channel) = await ChannelAsync();
        await PostSignedAsync(channel, FakeWhatsApp.InboundText(_fake.PhoneNumberId, "16505557777", "wamid.IN1", "Hi"));
        var conversationId = await Eventually.GetAsync(() => Sql.ScalarAsync<Guid?>(Db,
            "SELECT conversation_id FROM messages WHERE tenant_id = $1 AND external_id = 'wamid.IN1'", tenant.Id), Deadline, "the message is stored", Ct);
        var reply = await tenant.SendTextAsync(conversationId, "Your order ships today");
        var wamid = await Eventually.GetAsync(async () =>
            (await tenant.AdminApi.GetAsync($"/api/v1/messages/{reply.Id}")).As<Message>() is { Status: "sent", ExternalId: { } id } ? id : null,
            Deadline, "the reply is sent", Ct);

        // Meta's timestamps are whole seconds: the read is stamped a little after our own record of the send.
        var read = FakeWhatsApp.Status(_fake.PhoneNumberId, wamid, "read", "16505557777", DateTimeOffset.UtcNow.AddSeconds(2));
        var lateDelivered = FakeWhatsApp.Status(_fake.PhoneNumberId, wamid, "delivered", "16505557777", DateTimeOffset.UtcNow.AddSeconds(1));
        (await PostSignedAsync(channel, read)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostSignedAsync(channel, lateDelivered)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostSignedAsync(channel, FakeWhatsApp.Status(_fake.PhoneNumberId, "wamid.NOT-OURS", "delivered", "16505557777")))
            .StatusCode.ShouldBe(HttpStatusCode.OK, "an unknown message's status is logged, not an error Meta would retry forever");

        var final = (await tenant.AdminApi.GetAsync($"/api/v1/messages/{reply.Id}")).ShouldBe<Message>(200);
        final.Status.ShouldBe("read", "a late 'delivered' never undoes 'read'");
        final.StatusHistory.ShouldNotBeNull().Select(h => h.Status).ShouldBe(["queued", "sent", "read"]);
    }

    private async Task<(TestTenant Tenant, Channel Channel)> ChannelAsync()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = (await tenant.AdminApi.PostAsync("/api/v1/channels", new
        {
            type = "whatsapp",
            name = "WhatsApp",
            config = new { api_base_url = _fake.BaseUrl.ToString(), phone_number_id = _fake.PhoneNumberId },
            credentials = new { access_token = _fake.AccessToken, app_secret = FakeWhatsApp.DefaultAppSecret, verify_token = VerifyToken },
        })).ShouldBe<Channel>(201);
        return (tenant, channel);
    }

    private Task<HttpResponseMessage> PostSignedAsync(Channel channel, byte[] body, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, channel.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(FakeWhatsApp.SignatureHeader, signature ?? FakeWhatsApp.Signature(body));
        return node.Anonymous.SendAsync(request, Ct);
    }
}
