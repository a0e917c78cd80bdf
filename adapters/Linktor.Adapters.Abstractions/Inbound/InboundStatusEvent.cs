using Linktor.Contracts.Messages;

namespace Linktor.Adapters;

/// <summary>A delivery status of one of our outbound messages, named by the provider's id for it.</summary>
public sealed record InboundStatusEvent(
    string ExternalId,
    MessageStatus Status,
    DateTimeOffset At,
    MessageError? Error = null,
    string? RecipientAddress = null) : InboundEvent;
