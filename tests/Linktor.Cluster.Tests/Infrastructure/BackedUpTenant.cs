using System.Net.Http.Json;
using Linktor.Testing;
using Linktor.Testing.FakeProviders;
using Shouldly;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// What a backup test puts in the database and checks after the restore: a tenant (made with the platform key), its admin
/// login, an admin-scoped API key, a Telegram channel whose bot token (an encrypted credential) points it at a fake Bot API,
/// and the messages sent through that channel, each acknowledged with its seq and sent to the fake.
/// </summary>
public sealed class BackedUpTenant
{
    private static readonly TimeSpan SendDeadline = TimeSpan.FromSeconds(60);
    private readonly FakeTelegram _telegram;

    private BackedUpTenant(string email, ApiKeyRef apiKey, Guid channelId, FakeTelegram telegram)
    {
        Email = email;
        ApiKeyId = apiKey.Id;
        ApiKey = apiKey.Key;
        ChannelId = channelId;
        _telegram = telegram;
    }

    public string Email { get; }

    public Guid ApiKeyId { get; }

    public string ApiKey { get; }

    public Guid ChannelId { get; }

    public static async Task<BackedUpTenant> CreateAsync(SingleNodeProcess node, FakeTelegram telegram)
    {
        using var platform = node.CreateHttpClient(SingleNodeProcess.PlatformAdminKey);
        using var anonymous = node.CreateHttpClient();
        var slug = "backup-" + Guid.NewGuid().ToString("N")[..8];
        var email = $"admin@{slug}.example.com";
        await ClusterTenant.ReadAsync<TenantCreatedRef>(await platform.PostAsJsonAsync("/api/v1/tenants",
            new { name = slug, slug, admin_email = email, admin_password = ClusterTenant.Password }));
        var tokens = await ClusterTenant.ReadAsync<TokensRef>(await anonymous.PostAsJsonAsync("/api/v1/auth/login",
            new { email, password = ClusterTenant.Password }));
        using var admin = node.CreateHttpClient(tokens.AccessToken);
        var key = await ClusterTenant.ReadAsync<ApiKeyRef>(await admin.PostAsJsonAsync("/api/v1/api_keys", new { name = "backup", scopes = new[] { "admin" } }));
        var channel = await ClusterTenant.CreateTelegramChannelAsync(admin, telegram);
        return new BackedUpTenant(email, key, channel.Id, telegram);
    }

    /// <summary>
    /// Sends <paramref name="each"/> texts to each chat through the channel, one at a time, and waits until the fake Bot API
    /// took each (it answers 401 to any other bot token: a send that ends <c>sent</c> used the stored credential).
    /// </summary>
    public async Task<IReadOnlyList<MessageRef>> SendAsync(SingleNodeProcess node, IEnumerable<string> chats, int each, string label)
    {
        using var api = node.CreateHttpClient(ApiKey);
        var sent = new List<MessageRef>();
        foreach (var chat in chats)
        {
            for (var i = 1; i <= each; i++)
            {
                var text = $"{label} {chat} #{i}";
                var message = await ClusterTenant.ReadAsync<MessageRef>(await api.PostAsJsonAsync("/api/v1/messages",
                    new { channel_id = ChannelId, to = chat, content = new { type = "text", text } }));
                var outcome = await Eventually.GetAsync(async () =>
                {
                    var status = await ClusterTenant.ReadAsync<MessageStatusRef>(await api.GetAsync($"/api/v1/messages/{message.Id}"));
                    return status.Status == "queued" ? null : status;
                }, SendDeadline, $"{node.Name} sends \"{text}\" to the provider");
                outcome.Status.ShouldBe("sent", $"\"{text}\" reaches the fake Bot API with the channel's bot token ({outcome.Error})");
                _telegram.Calls("sendMessage").ShouldContain(r => r.Json.GetProperty("text").GetString() == text);
                sent.Add(message);
            }
        }

        return sent;
    }

    /// <summary>
    /// Through the API key: the channel's conversations hold exactly <paramref name="expected"/>, each message with the id,
    /// seq and text it was acknowledged with, and each conversation's seqs run 1..n.
    /// </summary>
    public async Task ShouldHoldExactlyAsync(SingleNodeProcess node, IReadOnlyList<MessageRef> expected, string because)
    {
        using var api = node.CreateHttpClient(ApiKey);
        var conversations = await ClusterTenant.ReadAsync<PageRef<IdRef>>(await api.GetAsync($"/api/v1/conversations?channel_id={ChannelId}&limit=200"));
        conversations.Data.Select(c => c.Id).Order().ShouldBe(expected.Select(m => m.ConversationId).Distinct().Order(), $"the conversations are there {because}");
        var stored = new List<MessageRef>();
        foreach (var conversation in conversations.Data)
        {
            stored.AddRange((await ClusterTenant.ReadAsync<PageRef<MessageRef>>(
                await api.GetAsync($"/api/v1/conversations/{conversation.Id}/messages?limit=200"))).Data);
        }

        static string Row(MessageRef m) => $"{m.ConversationId} seq {m.Seq}: {m.Id} \"{m.Content.Text}\"";
        stored.Select(Row).Order(StringComparer.Ordinal).ShouldBe(expected.Select(Row).Order(StringComparer.Ordinal), $"every message and seq {because}");
        foreach (var conversation in stored.GroupBy(m => m.ConversationId))
        {
            conversation.Select(m => m.Seq).Order().ShouldBe(Enumerable.Range(1, conversation.Count()).Select(i => (long)i), $"seq runs 1..n {because}");
        }
    }

    /// <summary>The admin logs in with the password set when the tenant was made.</summary>
    public async Task<string> LogInAsync(SingleNodeProcess node)
    {
        using var anonymous = node.CreateHttpClient();
        return (await ClusterTenant.ReadAsync<TokensRef>(await anonymous.PostAsJsonAsync("/api/v1/auth/login",
            new { email = Email, password = ClusterTenant.Password }))).AccessToken;
    }
}
