using System.Globalization;

namespace Linktor.Adapters.Telegram.Internals;

/// <summary>
/// A Telegram message's identity: <c>message_id</c> is only unique inside its chat, so Linktor's
/// external id for it is <c>"{chat_id}:{message_id}"</c>.
/// </summary>
internal readonly record struct TelegramMessageRef(long ChatId, long MessageId)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{ChatId}:{MessageId}");

    public static bool TryParse(string? externalId, out TelegramMessageRef reference)
    {
        reference = default;
        var colon = externalId?.LastIndexOf(':') ?? -1;
        if (colon <= 0
            || !long.TryParse(externalId.AsSpan(0, colon), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chat)
            || !long.TryParse(externalId.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var message))
        {
            return false;
        }

        reference = new TelegramMessageRef(chat, message);
        return true;
    }
}
