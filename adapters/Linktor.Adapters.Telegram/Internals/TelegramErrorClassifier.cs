using System.Net;

namespace Linktor.Adapters.Telegram.Internals;

/// <summary>
/// Maps a Bot API error to a send outcome. Telegram's descriptions are the only detail it gives
/// ("error_code … contents are subject to change"), so they are matched loosely.
/// </summary>
internal static class TelegramErrorClassifier
{
    public static SendResult Classify(TelegramApiAnswer answer)
    {
        var text = answer.ErrorText;
        var description = answer.Description;
        if (answer.ErrorCode == 429)
        {
            return SendResult.Retryable("rate_limited", text, answer.RetryAfter);
        }

        if (ProviderHttp.IsTransient((HttpStatusCode)answer.ErrorCode))
        {
            return SendResult.Retryable("provider_unavailable", text, answer.RetryAfter);
        }

        if (answer.MigrateToChatId is { } newChatId)
        {
            return SendResult.Permanent("chat_migrated", $"{text} (the group is now the supergroup {TelegramChatId.Format(newChatId)}).");
        }

        var code = answer.ErrorCode switch
        {
            401 => "auth_failed",
            403 when Has(description, "user is deactivated") => "invalid_recipient",
            403 when Has(description, "can't initiate conversation") => "cannot_initiate",
            403 => "recipient_blocked", // blocked by the user, kicked from / not a member of the group
            400 when Has(description, "chat not found") || Has(description, "PEER_ID_INVALID") || Has(description, "user not found") => "invalid_recipient",
            400 when Has(description, "wrong file identifier") || Has(description, "failed to get HTTP URL content")
                     || Has(description, "wrong type of the web page content") || Has(description, "wrong remote file") => "media_unsupported",
            400 when Has(description, "too long") || Has(description, "text is empty") || Has(description, "BUTTON_DATA_INVALID") => "invalid_content",
            _ => "provider_error",
        };
        return SendResult.Permanent(code, text);
    }

    private static bool Has(string description, string part) => description.Contains(part, StringComparison.OrdinalIgnoreCase);
}
