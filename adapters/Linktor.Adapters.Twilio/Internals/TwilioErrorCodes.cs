namespace Linktor.Adapters.Twilio.Internals;

/// <summary>
/// Twilio error codes (REST answers and <c>ErrorCode</c> of status callbacks) as Linktor codes.
/// Sources: channels.md §3.2 and twilio.com/docs/api/errors; unknown codes are <c>provider_error</c>.
/// </summary>
internal static class TwilioErrorCodes
{
    private static readonly Dictionary<int, TwilioErrorCode> Known = new()
    {
        [20003] = new("auth_failed", false, "Authentication failed"),
        [20429] = new("rate_limited", true, "Too Many Requests"),
        [21211] = new("invalid_recipient", false, "Invalid 'To' phone number"),
        [21408] = new("region_not_permitted", false, "Permission to send an SMS has not been enabled for the region"),
        [21606] = new("invalid_sender", false, "The 'From' phone number is not a valid, SMS-capable number for this account"),
        [21608] = new("invalid_recipient", false, "The 'To' number is unverified; a trial account sends only to verified numbers"),
        [21610] = new("recipient_unsubscribed", false, "Attempt to send to unsubscribed recipient"),
        // The sender's queue holds more than Twilio will keep (10 h of sends): later it drains.
        [21611] = new("rate_limited", true, "This 'From' number has exceeded the maximum number of queued messages"),
        [21612] = new("invalid_recipient", false, "The 'To' phone number is not currently reachable via SMS"),
        [21614] = new("invalid_recipient", false, "'To' number is not a valid mobile number"),
        [21617] = new("invalid_content", false, "The concatenated message body exceeds the 1600 character limit"),
        [21620] = new("media_unsupported", false, "Invalid media URL(s)"),
        [30001] = new("rate_limited", false, "Queue overflow"),
        [30002] = new("account_suspended", false, "Account suspended"),
        [30003] = new("recipient_unreachable", false, "Unreachable destination handset"),
        [30004] = new("recipient_blocked", false, "Message blocked"),
        [30005] = new("invalid_recipient", false, "Unknown destination handset"),
        [30006] = new("invalid_recipient", false, "Landline or unreachable carrier"),
        [30007] = new("carrier_filtered", false, "Message filtered by the carrier"),
        [30008] = new("provider_error", false, "Unknown error"),
        [30019] = new("media_too_large", false, "Content size exceeds carrier limit"),
    };

    public static TwilioErrorCode? Find(int code) => Known.GetValueOrDefault(code);

    /// <summary>The error of a failed or undelivered status callback, from its <c>ErrorCode</c> (and <c>ErrorMessage</c> if sent).</summary>
    public static Contracts.Messages.MessageError DeliveryError(string? errorCode, string? errorMessage, string status)
    {
        if (!int.TryParse(errorCode, out var code))
        {
            return new("provider_error", $"Twilio reported the message {status} without an error code.");
        }

        var known = Find(code);
        return new(known?.LinktorCode ?? "provider_error", $"Twilio {code}: {errorMessage ?? known?.Title ?? "see https://www.twilio.com/docs/errors/" + code}");
    }
}
