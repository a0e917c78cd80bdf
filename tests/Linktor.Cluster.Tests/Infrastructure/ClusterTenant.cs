using System.Net.Http.Json;
using System.Security.Cryptography;
using Linktor.Testing.FakeProviders;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// A fresh tenant (made through API node 1, once every node reports ready) with a web-chat channel, an API key for
/// load, and conversations with web-chat visitors. Each test makes its own, so their messages never mix.
/// </summary>
public sealed class ClusterTenant
{
    public const string Password = "correct horse battery staple";

    private ClusterTenant(Guid id, string email, string adminToken, string apiKey, Guid channelId, IReadOnlyList<Guid> conversations)
    {
        Id = id;
        Email = email;
        AdminToken = adminToken;
        ApiKey = apiKey;
        ChannelId = channelId;
        Conversations = conversations;
    }

    public Guid Id { get; }

    public string Email { get; }

    /// <summary>The admin's access token (an agent session: good for the inbox hub).</summary>
    public string AdminToken { get; }

    /// <summary>An admin-scoped API key: does not expire during a long test.</summary>
    public string ApiKey { get; }

    public Guid ChannelId { get; }

    public IReadOnlyList<Guid> Conversations { get; }

    public static async Task<ClusterTenant> CreateAsync(ClusterFixture cluster, int conversations)
    {
        // Every test makes its tenant first, right after what the test before did to the cluster (a PostgreSQL
        // restart, say): start from a cluster whose every node reports ready, or the first request may get a 503.
        await cluster.WaitUntilReadyAsync();
        var node = cluster.ApiNodes[0];
        using var platform = cluster.CreateHttpClient(node, ClusterFixture.PlatformAdminKey);
        using var anonymous = cluster.CreateHttpClient(node);
        var slug = "c-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var email = $"admin@{slug}.example.com";
        var tenant = await ReadAsync<TenantCreatedRef>(await platform.PostAsJsonAsync("/api/v1/tenants",
            new { name = slug, slug, admin_email = email, admin_password = Password }));
        var tokens = await ReadAsync<TokensRef>(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password }));
        using var admin = cluster.CreateHttpClient(node, tokens.AccessToken);
        var key = await ReadAsync<ApiKeyRef>(await admin.PostAsJsonAsync("/api/v1/api_keys", new { name = "load", scopes = new[] { "admin" } }));
        var channel = await ReadAsync<IdRef>(await admin.PostAsJsonAsync("/api/v1/channels", new { type = "webchat", name = "Site" }));

        var ids = new Guid[conversations];
        await Parallel.ForAsync(0, conversations, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var visitor = await ReadAsync<VisitorRef>(await anonymous.PostAsJsonAsync($"/api/v1/webchat/{channel.Id}/sessions", new { name = $"Visitor {i}" }, ct));
            ids[i] = (await ReadAsync<IdRef>(await admin.PostAsJsonAsync("/api/v1/conversations",
                new { contact_id = visitor.ContactId, channel_id = channel.Id }, ct))).Id;
        });
        return new ClusterTenant(tenant.Tenant.Id, email, tokens.AccessToken, key.Key, channel.Id, ids);
    }

    /// <summary>A new web-chat visitor of the tenant's channel, made through <paramref name="node"/>.</summary>
    public async Task<VisitorRef> StartVisitorAsync(ClusterFixture cluster, ClusterNode node)
    {
        using var anonymous = cluster.CreateHttpClient(node);
        return await ReadAsync<VisitorRef>(await anonymous.PostAsJsonAsync($"/api/v1/webchat/{ChannelId}/sessions", new { name = "Visitor" }));
    }

    /// <summary>
    /// Creates a Telegram channel of the tenant pointed at <paramref name="telegram"/> (which registers its webhook);
    /// <paramref name="config"/> adds to its config.
    /// </summary>
    public static async Task<TelegramChannelRef> CreateTelegramChannelAsync(
        HttpClient admin, FakeTelegram telegram, IReadOnlyDictionary<string, string>? config = null)
    {
        var settings = new Dictionary<string, string>(config ?? new Dictionary<string, string>()) { ["api_base_url"] = telegram.BaseUrl.ToString() };
        return await ReadAsync<TelegramChannelRef>(await admin.PostAsJsonAsync("/api/v1/channels", new
        {
            type = "telegram", name = "Bot", config = settings, credentials = new { bot_token = telegram.BotToken },
        }));
    }

    /// <summary>Sends a text message to <paramref name="conversation"/> through <paramref name="api"/> and reads the stored message.</summary>
    public static async Task<MessageRef> SendTextAsync(HttpClient api, Guid conversation, string text) =>
        await ReadAsync<MessageRef>(await api.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { content = new { type = "text", text } }));

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            }

            return Wire.Read<T>(body);
        }
    }
}
