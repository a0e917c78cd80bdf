namespace Linktor.Adapters.WhatsApp.Internals;

/// <summary>
/// WhatsApp error codes (Graph <c>error.code</c>, webhook <c>errors[].code</c>) mapped to Linktor error
/// codes, and whether a later retry can succeed. Keyed on the code, not the HTTP status: Meta answers
/// throttling with 400 or 429 depending on the version. Source: shared/notes/channels.md §1.2.
/// </summary>
internal static class WhatsAppErrorCodes
{
    /// <summary>Linktor's reading of one WhatsApp code.</summary>
    public sealed record Mapping(string Code, bool Retryable);

    private static readonly Mapping RateLimited = new("rate_limited", true);
    private static readonly Mapping Unavailable = new("provider_unavailable", true);
    private static readonly Mapping AuthFailed = new("auth_failed", false);

    private static readonly Dictionary<int, Mapping> Known = new()
    {
        // Throttling: the same message goes through later.
        [4] = RateLimited,           // app-level API call rate
        [80007] = RateLimited,       // WABA rate limit
        [130429] = RateLimited,      // Cloud API throughput (80 mps per number by default)
        [131056] = RateLimited,      // (business, consumer) pair rate: ~1 message / 6 s to one user

        // Meta's side is briefly down.
        [1] = Unavailable,           // unknown error
        [2] = Unavailable,           // service temporarily unavailable
        [131000] = Unavailable,      // something went wrong
        [131016] = Unavailable,      // service overloaded
        [131057] = Unavailable,      // account in maintenance mode (throughput upgrade, under a minute)

        // The message can never go as it is.
        [470] = new("reply_window_closed", false),      // older code of 131047
        [131047] = new("reply_window_closed", false),   // over 24 h since the contact's last message: send a template
        [131026] = new("recipient_unreachable", false), // not on WhatsApp, old app, terms not accepted
        [131030] = new("recipient_not_allowed", false), // test number: recipient not in the allowed list
        [131050] = new("recipient_unsubscribed", false),// the user stopped marketing messages
        [131049] = new("delivery_declined", false),     // Meta chose not to deliver (ecosystem health)
        [130472] = new("delivery_declined", false),     // user in a marketing experiment group
        [131051] = new("media_unsupported", false),     // unsupported message type
        [131052] = new("media_unsupported", false),     // media download error
        [131053] = new("media_unsupported", false),     // media upload error
        [100] = new("invalid_request", false),          // invalid parameter
        [131008] = new("invalid_request", false),       // required parameter missing
        [131009] = new("invalid_request", false),       // parameter value not valid
        [132000] = new("template_invalid", false),      // parameter count mismatch
        [132001] = new("template_invalid", false),      // template does not exist (name/language)
        [132005] = new("template_invalid", false),      // hydrated text too long
        [132007] = new("template_invalid", false),      // format character policy violated
        [132012] = new("template_invalid", false),      // parameter format mismatch
        [132015] = new("template_invalid", false),      // template paused
        [132016] = new("template_invalid", false),      // template disabled
        [131048] = new("spam_rate_limited", false),     // quality-based limit: hours, not seconds; needs attention
        [131064] = new("messaging_limit_reached", false),
        [131031] = new("account_restricted", false),    // business account locked
        [368] = new("account_restricted", false),       // blocked for policy violations
        [130497] = new("account_restricted", false),    // country restricted

        // Credentials: the token is invalid, expired or lacks permissions.
        [0] = AuthFailed,
        [3] = AuthFailed,
        [10] = AuthFailed,
        [190] = AuthFailed,
    };

    /// <summary>The mapping of <paramref name="code"/>; null for codes Linktor does not know.</summary>
    public static Mapping? Find(int? code) => code switch
    {
        null => null,
        >= 200 and <= 299 => AuthFailed, // permission errors
        _ => Known.GetValueOrDefault(code.Value),
    };
}
