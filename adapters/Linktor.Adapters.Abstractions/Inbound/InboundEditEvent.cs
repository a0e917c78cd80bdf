using Linktor.Contracts.Messages;

namespace Linktor.Adapters;

/// <summary>A contact edited a message they sent earlier (Telegram <c>edited_message</c>).</summary>
public sealed record InboundEditEvent(
    string SenderAddress,
    string ExternalId,
    MessageContent Content,
    DateTimeOffset EditedAt) : InboundEvent;
