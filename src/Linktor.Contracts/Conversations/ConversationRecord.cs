using System.Text.Json.Serialization;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;

namespace Linktor.Contracts.Conversations;

/// <summary>A conversation as API.md shows it, and the data of conversation events.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.ConversationRecord")]
public sealed record ConversationRecord
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1), JsonIgnore] public Guid TenantId { get; init; }
    [Id(2)] public required ContactSummary Contact { get; init; }
    [Id(3)] public required Guid ChannelId { get; init; }
    [Id(4)] public required ChannelType ChannelType { get; init; }
    [Id(5)] public required ConversationStatus Status { get; init; }
    [Id(6)] public Guid? AssigneeId { get; init; }
    [Id(7)] public ConversationPriority? Priority { get; init; }
    [Id(8)] public IReadOnlyList<string> Labels { get; init; } = [];
    [Id(9)] public DateTimeOffset? SnoozedUntil { get; init; }
    [Id(10)] public MessageRecord? LastMessage { get; init; }
    [Id(11)] public long LastSeq { get; init; }
    [Id(12)] public int UnreadCount { get; init; }
    [Id(13)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(14)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(15)] public DateTimeOffset? LastActivityAt { get; init; }
}
