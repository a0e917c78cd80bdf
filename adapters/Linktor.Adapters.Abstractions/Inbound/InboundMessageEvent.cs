using Linktor.Contracts.Messages;

namespace Linktor.Adapters;

/// <summary>
/// A contact's message (reactions and button replies included). <paramref name="SenderAddress"/> is
/// the identity on the channel, in the form <see cref="IChannelAdapter.NormalizeAddress"/> gives and
/// sends go to (WhatsApp wa_id, Telegram chat id, Twilio E.164 number).
/// <paramref name="ReplyToExternalId"/> is the provider id of the message it quotes or answers;
/// <paramref name="AcknowledgeToken"/> is what the provider wants echoed once it is stored
/// (Telegram's callback query id).
/// </summary>
public sealed record InboundMessageEvent(
    string SenderAddress,
    InboundMessage Message,
    string? ReplyToExternalId = null,
    string? AcknowledgeToken = null) : InboundEvent;
