namespace Linktor.Api.Tests.Wire;

/// <summary>API.md's Message; <see cref="StatusHistory"/> only on <c>GET /api/v1/messages/{id}</c>.</summary>
public sealed record Message(
    Guid Id, Guid ConversationId, Guid ChannelId, long Seq, string Direction, Sender Sender, Content Content,
    bool Private, string Status, string? ExternalId, DateTimeOffset CreatedAt, DateTimeOffset? SentAt,
    IReadOnlyList<StatusChange>? StatusHistory = null);
