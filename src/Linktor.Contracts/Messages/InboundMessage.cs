namespace Linktor.Contracts.Messages;

/// <summary>A message a contact wrote, parsed from a provider webhook or a web-chat visitor.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.InboundMessage")]
public sealed record InboundMessage
{
    [Id(0)] public required MessageContent Content { get; init; }

    /// <summary>The provider's message id; the same id is stored once per channel.</summary>
    [Id(1)] public string? ExternalId { get; init; }

    /// <summary>When the provider says the contact sent it.</summary>
    [Id(2)] public DateTimeOffset? SentAt { get; init; }

    /// <summary>What the provider tells us about the sender (display name, phone, ...).</summary>
    [Id(3)] public ContactProfileHint? Profile { get; init; }

    /// <summary>A client-made key (web chat) that makes a retried send store one message.</summary>
    [Id(4)] public string? IdempotencyKey { get; init; }
}
