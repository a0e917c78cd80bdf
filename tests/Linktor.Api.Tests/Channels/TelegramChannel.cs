using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;

namespace Linktor.Api.Tests.Channels;

/// <summary>A tenant's Telegram channel pointed at a fake Bot API, and the calls Telegram would make to it.</summary>
public sealed class TelegramChannel(TestTenant tenant, FakeTelegram fake, Channel channel)
{
    public TestTenant Tenant => tenant;

    public FakeTelegram Fake => fake;

    public Channel Channel => channel;

    public Uri WebhookUrl => new(channel.WebhookUrl);

    /// <summary>Creates the channel (the node registers its webhook with the fake); <paramref name="config"/> adds to its config.</summary>
    public static async Task<TelegramChannel> CreateAsync(TestTenant tenant, FakeTelegram fake, IReadOnlyDictionary<string, string>? config = null)
    {
        var settings = new Dictionary<string, string> { ["api_base_url"] = fake.BaseUrl.ToString() };
        foreach (var (key, value) in config ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var channel = (await tenant.AdminApi.PostAsync("/api/v1/channels", new
        {
            type = "telegram",
            name = "Support bot",
            config = settings,
            credentials = new { bot_token = fake.BotToken },
        })).ShouldBe<Channel>(201);
        return new TelegramChannel(tenant, fake, channel);
    }

    /// <summary>Delivers an update as Telegram does, with the secret the channel registered.</summary>
    public Task<HttpResponseMessage> DeliverAsync(byte[] update, string? secret = null) =>
        tenant.Node.Anonymous.SendAsync(FakeTelegram.WebhookPost(WebhookUrl, update, secret ?? fake.WebhookSecretToken!));

    /// <summary>A contact writes from <paramref name="chatId"/>: delivers a text update and returns the conversation it was stored in.</summary>
    public async Task<Guid> ReceiveTextAsync(long updateId, long chatId, string text, CancellationToken ct)
    {
        await DeliverAsync(FakeTelegram.TextUpdate(updateId, chatId, messageId: 1, text));
        return await Eventually.GetAsync(
            () => Sql.ScalarAsync<Guid?>(tenant.Node.Database.DataSource,
                "SELECT conversation_id FROM messages WHERE tenant_id = $1 AND external_id = $2", tenant.Id, $"{chatId}:1"),
            TimeSpan.FromSeconds(30), $"the update from chat {chatId} is stored", ct);
    }

    /// <summary>The texts the fake accepted in <c>sendMessage</c> calls, in arrival order, with the chat each went to.</summary>
    public IReadOnlyList<(string ChatId, string Text, DateTimeOffset At)> SentTexts() =>
        [.. fake.Calls("sendMessage").Select(r => (r.Json.GetProperty("chat_id").ToString(), r.Json.GetProperty("text").GetString()!, r.ReceivedAt))];
}
