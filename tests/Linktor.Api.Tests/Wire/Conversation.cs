namespace Linktor.Api.Tests.Wire;

public sealed record Conversation(
    Guid Id, ContactSummary Contact, Guid ChannelId, string Status, Guid? AssigneeId, string? Priority,
    IReadOnlyList<string> Labels, Message? LastMessage, long LastSeq, int UnreadCount, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
