using Linktor.Contracts.Channels;

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

    /// <summary>
    /// The type of the channel it came in on, filled in by the channel grain that received it: the identity grain
    /// records it on a new contact and conversation, and learns it here rather than by calling back the channel
    /// grain that is awaiting it. Null from outside the grains (web chat); the identity then reads the channel's list row.
    /// </summary>
    [Id(5)] public ChannelType? ChannelType { get; init; }
}
