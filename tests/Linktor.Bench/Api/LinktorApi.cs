using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Linktor.Bench.Api;

/// <summary>
/// Setup through Linktor's public API only (API.md and README): tenants, logins, keys, channels,
/// contacts, conversations, users. Not on a measured path, so plain HttpClient and JSON documents.
/// </summary>
public sealed class LinktorApi(HttpClient http)
{
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, string? bearer, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> PostAsync(string path, string? bearer, object body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, bearer, body, ct);

    /// <summary>A new tenant (platform key), its admin signed in, and an admin API key.</summary>
    public async Task<BenchTenant> CreateTenantAsync(string platformKey, string slug, CancellationToken ct)
    {
        var password = "Pw-" + Guid.NewGuid().ToString("N");
        var email = $"admin@{slug}.bench";
        var created = await PostAsync("/api/v1/tenants", platformKey, new { name = $"Bench {slug}", slug, admin_email = email, admin_password = password }, ct);
        var token = await LoginAsync(email, password, ct);
        var key = (await PostAsync("/api/v1/api_keys", token, new { name = "bench", scopes = new[] { "admin" } }, ct)).GetProperty("key").GetString()!;
        return new BenchTenant(created.GetProperty("tenant").GetProperty("id").GetString()!, slug, email, password, key);
    }

    public async Task<string> LoginAsync(string email, string password, CancellationToken ct) =>
        (await PostAsync("/api/v1/auth/login", null, new { email, password }, ct)).GetProperty("access_token").GetString()!;

    public async Task<(string Id, string WebhookUrl)> CreateChannelAsync(
        string key, string type, string name, IReadOnlyDictionary<string, string>? config, IReadOnlyDictionary<string, string>? credentials, CancellationToken ct)
    {
        var channel = await PostAsync("/api/v1/channels", key, new { type, name, config, credentials }, ct);
        return (channel.GetProperty("id").GetString()!, channel.TryGetProperty("webhook_url", out var url) ? url.GetString() ?? "" : "");
    }

    public Task SetChannelStatusAsync(string key, string channelId, string status, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, $"/api/v1/channels/{channelId}", key, new { status }, ct);

    /// <summary>A contact with an identity on the channel (a web-chat visitor id is a GUID), and its conversation there; returns the conversation id.</summary>
    public async Task<string> CreateConversationAsync(string key, string channelId, string externalId, CancellationToken ct)
    {
        var contact = await PostAsync("/api/v1/contacts", key,
            new { name = "Bench " + externalId, identities = new[] { new { channel_id = channelId, external_id = externalId } } }, ct);
        var conversation = await PostAsync("/api/v1/conversations", key, new { contact_id = contact.GetProperty("id").GetString(), channel_id = channelId }, ct);
        return conversation.GetProperty("id").GetString()!;
    }

    public async Task CreateUserAsync(string key, string email, string password, CancellationToken ct) =>
        await PostAsync("/api/v1/users", key, new { email, name = email.Split('@')[0], role = "agent", password }, ct);

    /// <summary>Every conversation of a channel (newest first, paged).</summary>
    public async Task<IReadOnlyList<string>> ListConversationsAsync(string key, string channelId, CancellationToken ct)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await SendAsync(HttpMethod.Get,
                $"/api/v1/conversations?channel_id={channelId}&status=open&limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), key, null, ct);
            ids.AddRange(page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
            cursor = page.TryGetProperty("next_cursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return ids;
    }

    /// <summary>Runs <paramref name="work"/> for 0..count-1, <paramref name="parallelism"/> at a time, returning the results in order.</summary>
    public static async Task<T[]> ForEachAsync<T>(int count, int parallelism, Func<int, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var results = new T[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (i, token) => results[i] = await work(i, token));
        return results;
    }
}
