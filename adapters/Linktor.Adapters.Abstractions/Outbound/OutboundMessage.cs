using Linktor.Contracts.Messages;

namespace Linktor.Adapters;

/// <summary>A stored message on its way to a provider, with the recipient's address on that channel.</summary>
public sealed record OutboundMessage(MessageRecord Message, string RecipientAddress, string? ReplyToExternalId = null);
