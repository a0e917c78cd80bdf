namespace Linktor.Adapters.WhatsApp;

/// <summary>
/// The <c>config</c> keys of a WhatsApp channel (besides <see cref="ChannelConfigKeys.Common"/>) and
/// their defaults.
/// </summary>
public static class WhatsAppConfigKeys
{
    /// <summary>Required: the Graph id of the business phone number (digits), the sender of every message.</summary>
    public const string PhoneNumberId = "phone_number_id";

    /// <summary>Optional: the WhatsApp Business Account id (digits); informational, shown by <c>/test</c>.</summary>
    public const string BusinessAccountId = "business_account_id";

    /// <summary>Optional: the Graph API version requests go to (default <see cref="DefaultApiVersion"/>).</summary>
    public const string ApiVersion = "api_version";

    /// <summary>
    /// Optional: how outbound media given by URL reach WhatsApp: <c>link</c> (default; WhatsApp fetches
    /// the URL itself) or <c>upload</c> (Linktor downloads it and uploads it to <c>/media</c> first, for
    /// URLs WhatsApp cannot reach).
    /// </summary>
    public const string MediaUpload = "media_upload";

    /// <summary>The real Graph API; <see cref="ChannelConfigKeys.ApiBaseUrl"/> overrides it.</summary>
    public const string DefaultBaseUrl = "https://graph.facebook.com/";

    public const string DefaultApiVersion = "v21.0";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        PhoneNumberId, BusinessAccountId, ApiVersion, MediaUpload,
    };
}
