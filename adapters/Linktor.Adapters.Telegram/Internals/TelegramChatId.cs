using System.Globalization;

namespace Linktor.Adapters.Telegram.Internals;

/// <summary>
/// Chat ids are 64-bit integers: positive for users (a private chat's id is the user's id),
/// negative for groups, supergroups and channels. Their canonical text is the invariant decimal form.
/// </summary>
internal static class TelegramChatId
{
    public static bool TryParse(string? address, out long chatId) =>
        long.TryParse(address?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chatId) && chatId != 0;

    public static string Format(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);
}
