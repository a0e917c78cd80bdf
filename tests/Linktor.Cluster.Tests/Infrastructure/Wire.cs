using System.Text.Json;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>API.md's snake_case JSON, read into the few fields these tests look at.</summary>
public static class Wire
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");

    public static T Read<T>(JsonElement json) =>
        json.Deserialize<T>(Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");
}

public sealed record MessageRef(Guid Id, Guid ConversationId, long Seq, string Direction, MessageText Content);

public sealed record MessageText(string Type, string? Text);

public sealed record TokensRef(string AccessToken);

public sealed record IdRef(Guid Id);

public sealed record ApiKeyRef(Guid Id, string Key);

public sealed record VisitorRef(string VisitorToken, Guid ContactId);

public sealed record TenantCreatedRef(IdRef Tenant);

public sealed record ProblemRef(int Status, string Code, string? Detail);

public sealed record WebhookCreatedRef(Guid Id, string Secret);

public sealed record TelegramChannelRef(Guid Id, string WebhookUrl);

/// <summary>API.md's lists: <c>{"data": [...], "next_cursor": ...}</c>.</summary>
public sealed record PageRef<T>(IReadOnlyList<T> Data, string? NextCursor);

public sealed record MessageStatusRef(Guid Id, string Status, ErrorRef? Error);

public sealed record ErrorRef(string? Code, string? Message);

/// <summary><c>GET /api/v1/me</c>: a user (with its email), or an API key (its id, <c>type: api_key</c> and role).</summary>
public sealed record MeRef(Guid Id, string? Email, string? Type, string? Role);
