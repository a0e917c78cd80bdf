using System.Text.Json.Serialization;

namespace Linktor.Contracts.Messages;

/// <summary>A stored message: the <c>Message</c> object of API.md and the data of message events.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.MessageRecord")]
public sealed record MessageRecord
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1), JsonIgnore] public Guid TenantId { get; init; }
    [Id(2)] public required Guid ConversationId { get; init; }
    [Id(3)] public required Guid ChannelId { get; init; }
    [Id(4)] public required long Seq { get; init; }
    [Id(5)] public required MessageDirection Direction { get; init; }
    [Id(6)] public required MessageSender Sender { get; init; }
    [Id(7)] public required MessageContent Content { get; init; }
    [Id(8)] public bool Private { get; init; }
    [Id(9)] public required MessageStatus Status { get; init; }
    [Id(10)] public MessageError? Error { get; init; }
    [Id(11)] public string? ExternalId { get; init; }
    [Id(12), JsonIgnore] public string? IdempotencyKey { get; init; }
    [Id(13)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(14)] public DateTimeOffset? SentAt { get; init; }
    [Id(15)] public DateTimeOffset? DeliveredAt { get; init; }
    [Id(16)] public DateTimeOffset? ReadAt { get; init; }

    /// <summary>Every status the message went through (only on <c>GET /messages/{id}</c>).</summary>
    [Id(17), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<StatusChange>? StatusHistory { get; init; }

    /// <summary>When the contact last edited the message on the provider (Telegram); the content shown is the edited one.</summary>
    [Id(18)] public DateTimeOffset? EditedAt { get; init; }
}
