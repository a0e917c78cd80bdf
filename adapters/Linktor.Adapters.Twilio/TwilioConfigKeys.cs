namespace Linktor.Adapters.Twilio;

/// <summary>The config and credential keys of a Twilio SMS/MMS channel (besides <see cref="ChannelConfigKeys.Common"/>).</summary>
public static class TwilioConfigKeys
{
    /// <summary>Required: the account's SID, <c>AC</c> + 32 hex digits (the user name of HTTP Basic auth).</summary>
    public const string AccountSid = "account_sid";

    /// <summary>The E.164 number messages are sent from; exactly one of this and <see cref="MessagingServiceSid"/>.</summary>
    public const string From = "from";

    /// <summary>A Messaging Service (<c>MG</c> + 32 hex digits) that picks the sender; exactly one of this and <see cref="From"/>.</summary>
    public const string MessagingServiceSid = "messaging_service_sid";

    /// <summary>Required credential: the account's auth token (HTTP Basic password and the webhook signing key).</summary>
    public const string AuthToken = "auth_token";

    public static readonly IReadOnlySet<string> Config = new HashSet<string>(StringComparer.Ordinal)
    {
        AccountSid, From, MessagingServiceSid,
    };

    public static readonly IReadOnlySet<string> Credentials = new HashSet<string>(StringComparer.Ordinal) { AuthToken };
}
