using System.Net;
using System.Security.Cryptography;
using System.Text;
using Linktor.Api.Tests.Channels;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Outbound;

/// <summary>
/// A node logging everything (Trace in every category, scopes included) is used through every adapter — WhatsApp,
/// Telegram, Twilio and web chat; an inbound attachment copy from each provider that keeps them; sends; an outbound
/// webhook whose URL carries a secret — and none of the secrets it was given appears in any line.
/// </summary>
public sealed class SecretsInLogsTests : IClassFixture<LogCaptureNode>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4];

    private readonly LogCaptureNode _node;
    private readonly string _botToken = $"{RandomNumberGenerator.GetInt32(100_000_000, 999_999_999)}:AAH{Random(32)}";
    private readonly string _telegramSecretToken = $"tgsecret{Random(24)}";
    private readonly string _whatsAppAccessToken = $"EAAG{Random(40)}";
    private readonly string _whatsAppAppSecret = $"appsecret{Random(24)}";
    private readonly string _whatsAppVerifyToken = $"verify{Random(24)}";
    private readonly string _twilioAuthToken = $"twilio{Random(24)}";
    private readonly string _webhookSigningSecret = $"whsec_{Random(32)}";
    private readonly string _webhookQuerySecret = $"qs{Random(24)}";
    private readonly FakeTelegram _telegram;
    private readonly FakeWhatsApp _whatsApp;
    private readonly FakeTwilio _twilio;
    private readonly FakeWebhookReceiver _receiver = new();

    public SecretsInLogsTests(LogCaptureNode node)
    {
        _node = node;
        _telegram = new FakeTelegram(_botToken);
        _whatsApp = new FakeWhatsApp(accessToken: _whatsAppAccessToken);
        _twilio = new FakeTwilio(ProviderChannels.TwilioAccountSid, _twilioAuthToken);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _telegram.StartAsync();
        await _whatsApp.StartAsync();
        await _twilio.StartAsync();
        await _receiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _telegram.DisposeAsync();
        await _whatsApp.DisposeAsync();
        await _twilio.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task NoConfiguredSecretAppearsInAnyLogLineOfARunThatUsedEveryAdapter()
    {
        var tenant = await TestTenant.CreateAsync(_node);
        (await tenant.AdminApi.PostAsync("/api/v1/webhooks", new
        {
            url = $"{_receiver.Url}?key={_webhookQuerySecret}", events = new[] { "message.created" }, secret = _webhookSigningSecret,
        })).ShouldBe<Webhook>(201);

        await UseTelegramAsync(tenant);
        await UseWhatsAppAsync(tenant);
        await UseTwilioAsync(tenant);
        var visitorToken = await UseWebChatAsync(tenant);
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Delivered.Count > 0), Deadline, "a webhook is delivered", Ct);
        FakeWebhookReceiver.Verify(_receiver.Delivered[0], _webhookSigningSecret).ShouldBeTrue();

        var secrets = new Dictionary<string, string>
        {
            ["Telegram bot token"] = _botToken,
            ["Telegram bot token's secret part"] = _botToken[(_botToken.IndexOf(':') + 1)..],
            ["Telegram webhook secret_token"] = _telegramSecretToken,
            ["WhatsApp access token"] = _whatsAppAccessToken,
            ["WhatsApp app secret"] = _whatsAppAppSecret,
            ["WhatsApp verify token"] = _whatsAppVerifyToken,
            ["Twilio auth token"] = _twilioAuthToken,
            ["Twilio basic credentials"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ProviderChannels.TwilioAccountSid}:{_twilioAuthToken}")),
            ["webhook signing secret"] = _webhookSigningSecret,
            ["secret in a webhook URL's query"] = _webhookQuerySecret,
            ["agent access token"] = tenant.AdminTokens.AccessToken,
            ["agent refresh token"] = tenant.AdminTokens.RefreshToken,
            ["visitor token"] = visitorToken,
            ["platform admin key"] = LinktorNode.PlatformAdminKey,
        };
        var lines = _node.Logs.Lines;
        lines.Count.ShouldBeGreaterThan(1000, "the node logged at Trace");
        var leaks = secrets
            .SelectMany(s => lines.Where(l => l.Contains(s.Value, StringComparison.Ordinal)).Select(l => $"{s.Key}: {l.Replace(s.Value, "<SECRET>", StringComparison.Ordinal)}"))
            .Take(20)
            .ToList();
        leaks.ShouldBeEmpty();
        lines.ShouldContain(l => l.Contains("Linktor.Outbound.", StringComparison.Ordinal), "the provider clients' (redacted) request lines are there");
    }

    private async Task UseTelegramAsync(TestTenant tenant)
    {
        var channel = (await tenant.AdminApi.PostAsync("/api/v1/channels", new
        {
            type = "telegram", name = "Bot",
            config = new Dictionary<string, string> { ["api_base_url"] = _telegram.BaseUrl.ToString() },
            credentials = new { bot_token = _botToken, secret_token = _telegramSecretToken },
        })).ShouldBe<Channel>(201);
        var telegram = new TelegramChannel(tenant, _telegram, channel);
        _telegram.AddFile("photo-1", "photos/file_1.jpg", Photo);

        (await telegram.DeliverAsync(FakeTelegram.TextUpdate(7001, chatId: 700, messageId: 1, "Hello"), _telegramSecretToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await telegram.DeliverAsync(FakeTelegram.PhotoUpdate(7002, chatId: 700, messageId: 2, "photo-1"), _telegramSecretToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await CopiedAsync(tenant, "700:2");
        await ReplyAsync(tenant, "700:1");
    }

    private async Task UseWhatsAppAsync(TestTenant tenant)
    {
        var channel = await ProviderChannels.WhatsAppAsync(tenant, _whatsApp.BaseUrl.ToString(), accessToken: _whatsAppAccessToken, appSecret: _whatsAppAppSecret,
            verifyToken: _whatsAppVerifyToken);
        // Meta's subscription handshake carries the verify token in the query string.
        using (var handshake = await _node.Anonymous.GetAsync(
            $"{channel.WebhookUrl}?{FakeWhatsApp.VerificationQuery(_whatsAppVerifyToken)}", Ct))
        {
            handshake.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await ProviderChannels.PostWhatsAppTextAsync(tenant, channel, "16505557777", _whatsAppAppSecret);
        var mediaId = _whatsApp.AddMedia(Photo, "image/jpeg");
        var image = await ProviderChannels.PostWhatsAppImageAsync(tenant, channel, mediaId, _whatsAppAppSecret);

        (await ProviderChannels.CopyOutcomeAsync(tenant, image)).ShouldBe("copied");
        var conversationId = (await Sql.ScalarAsync<Guid?>(_node.Database.DataSource, "SELECT conversation_id FROM messages WHERE id = $1", image)).ShouldNotBeNull();
        await SentAsync(tenant, await tenant.SendTextAsync(conversationId, "Thanks, got it"));
    }

    private async Task UseTwilioAsync(TestTenant tenant)
    {
        var channel = await ProviderChannels.TwilioAsync(tenant, _twilio.BaseUrl.ToString(), _twilioAuthToken);
        var mms = await ProviderChannels.PostTwilioMmsAsync(tenant, channel, _twilio.AddMedia(Photo, "image/jpeg"), _twilioAuthToken);

        (await ProviderChannels.CopyOutcomeAsync(tenant, mms)).ShouldBe("copied");
        var conversationId = (await Sql.ScalarAsync<Guid?>(_node.Database.DataSource, "SELECT conversation_id FROM messages WHERE id = $1", mms)).ShouldNotBeNull();
        await SentAsync(tenant, await tenant.SendTextAsync(conversationId, "Thanks for the photo"));
    }

    /// <summary>A visitor and an agent over the hubs (both tokens travel in the query string of the WebSocket URL).</summary>
    private static async Task<string> UseWebChatAsync(TestTenant tenant)
    {
        var session = await tenant.StartVisitorAsync();
        await using var inbox = await tenant.ConnectInboxAsync();
        await using var visitor = await tenant.ConnectVisitorAsync(session);
        // A browser cannot set headers on a WebSocket: its SignalR client puts the token in the query string.
        foreach (var (hub, token) in new[] { ("webchat", session.VisitorToken), ("inbox", tenant.AdminTokens.AccessToken) })
        {
            using var negotiated = await tenant.Node.Anonymous.PostAsync($"/hubs/{hub}/negotiate?negotiateVersion=1&access_token={token}", null, Ct);
            negotiated.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var opening = await visitor.InvokeAsync<Message>("SendMessage", new { type = "text", text = "Hi there" });
        await inbox.InvokeAsync("JoinConversation", opening.ConversationId);
        var reply = await tenant.SendTextAsync(opening.ConversationId, "Hello! How can I help?");
        await visitor.WaitForAsync<Message>("message.created", m => m.Id == reply.Id, "the visitor gets the reply");
        return session.VisitorToken;
    }

    private async Task CopiedAsync(TestTenant tenant, string externalId)
    {
        var id = await Eventually.GetAsync(() => Sql.ScalarAsync<Guid?>(_node.Database.DataSource,
            "SELECT id FROM messages WHERE tenant_id = $1 AND external_id = $2", tenant.Id, externalId), Deadline, $"{externalId} is stored", Ct);
        (await ProviderChannels.CopyOutcomeAsync(tenant, id)).ShouldBe("copied");
    }

    private async Task ReplyAsync(TestTenant tenant, string externalId)
    {
        var conversationId = await Eventually.GetAsync(() => Sql.ScalarAsync<Guid?>(_node.Database.DataSource,
            "SELECT conversation_id FROM messages WHERE tenant_id = $1 AND external_id = $2", tenant.Id, externalId), Deadline, $"{externalId} is stored", Ct);
        await SentAsync(tenant, await tenant.SendTextAsync(conversationId, "On its way"));
    }

    private static Task SentAsync(TestTenant tenant, Message message) =>
        Eventually.TrueAsync(async () => (await tenant.AdminApi.GetAsync($"/api/v1/messages/{message.Id}")).As<Message>() is { Status: "sent" },
            Deadline, $"{message.Id} is sent", Ct);

    private static string Random(int length) => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length);
}
