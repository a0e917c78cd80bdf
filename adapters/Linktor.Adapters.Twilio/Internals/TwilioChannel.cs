using System.Net.Http.Headers;
using System.Text;

namespace Linktor.Adapters.Twilio.Internals;

/// <summary>A Twilio channel's settings, read once from its config and credentials.</summary>
internal sealed record TwilioChannel(string AccountSid, string AuthToken, string? From, string? MessagingServiceSid, Uri BaseUrl)
{
    public static TwilioChannel Read(ChannelSettings settings) => new(
        settings.ConfigValue(TwilioConfigKeys.AccountSid) ?? "",
        settings.Secret(TwilioConfigKeys.AuthToken) ?? "",
        PhoneNumbers.ToE164(settings.ConfigValue(TwilioConfigKeys.From)),
        settings.ConfigValue(TwilioConfigKeys.MessagingServiceSid),
        ChannelConfigKeys.BaseUrl(settings, TwilioAdapter.DefaultBaseUrl));

    /// <summary>Whether there is enough to call Twilio (Validate says what exactly is wrong).</summary>
    public bool CanCall => AccountSid.Length > 0 && AuthToken.Length > 0;

    /// <summary>The sender shown in test results: the number or the Messaging Service.</summary>
    public string Sender => From ?? MessagingServiceSid ?? "";

    /// <summary>HTTP Basic <c>AccountSid:AuthToken</c>, Twilio's REST and media authentication.</summary>
    public AuthenticationHeaderValue BasicAuth => new("Basic", BasicCredentials);

    public string BasicCredentials => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));

    /// <summary>A URL under the account, e.g. <c>/Messages.json</c> or <c>.json</c> for the account itself.</summary>
    public Uri AccountUrl(string suffix) => new(BaseUrl, $"2010-04-01/Accounts/{Uri.EscapeDataString(AccountSid)}{suffix}");
}
