using System.Text.Json;
using System.Text.RegularExpressions;
using Linktor.Adapters.Twilio.Internals;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Microsoft.Extensions.Logging;

namespace Linktor.Adapters.Twilio;

/// <summary>
/// SMS and MMS through Twilio Programmable Messaging. Sends go to the Messages API from the
/// channel's number or Messaging Service; inbound messages and status callbacks are posted to the
/// channel's <c>/hooks/{id}</c> URL and signed with the account's auth token.
/// </summary>
public sealed partial class TwilioAdapter(IHttpClientFactory httpClientFactory, TimeProvider clock, ILogger<TwilioAdapter> logger)
    : IChannelAdapter
{
    /// <summary>The named HttpClient the adapter calls Twilio with.</summary>
    public const string HttpClientName = "linktor.twilio";

    /// <summary>Twilio's REST API; <see cref="ChannelConfigKeys.ApiBaseUrl"/> overrides it per channel.</summary>
    public const string DefaultBaseUrl = "https://api.twilio.com/";

    /// <summary>
    /// A US long code sends 1 message segment per second (channels.md §3.2), the common and the
    /// slowest sender; faster senders (short codes, toll-free, registered 10DLC) raise it with
    /// <see cref="ChannelConfigKeys.RatePerSecond"/>. Twilio queues excess sends anyway, but only
    /// for up to 10 hours before failing them, so pacing here keeps the queue in Linktor's hands.
    /// </summary>
    public static readonly ChannelRateLimits DefaultRateLimits = new(PerSecond: 1, Burst: 1);

    private static readonly ChannelCapabilities Capabilities = new()
    {
        ContentTypes =
        [
            ContentTypes.Text, ContentTypes.Image, ContentTypes.Video, ContentTypes.Audio, ContentTypes.Document,
            ContentTypes.Location,
        ],
        MaxTextLength = 1600,
        MaxMediaBytes = 5 * 1024 * 1024,
        Interactive = false,
        Templates = false,
        DeliveryReceipts = true,
        ReadReceipts = false,
        CanInitiate = true,
        ReplyWindow = null,
    };

    public ChannelType Type => ChannelType.Sms;

    /// <summary>
    /// The REST API, which also serves inbound media URLs (channels.md §3.4); a media fetch answers a redirect to a
    /// short-lived copy on mms.twiliocdn.com (HTTP auth enforced) or s3-external-1.amazonaws.com (older, public media),
    /// as Twilio's "Protect Media Access with HTTP Basic Authentication" names them.
    /// </summary>
    public ProviderHosts Hosts { get; } = ProviderHosts.Of(["api.twilio.com"], ["api.twilio.com"], ["mms.twiliocdn.com", "s3-external-1.amazonaws.com"]);

    /// <summary>Empty TwiML: "stored, no automatic reply" (an empty body makes Twilio log a content-type warning).</summary>
    public WebhookVerdict? StoredAnswer { get; } = WebhookVerdict.Respond("<Response></Response>", "text/xml");

    private HttpClient Client => httpClientFactory.CreateClient(HttpClientName);

    public ChannelCapabilities GetCapabilities(ChannelSettings settings) => Capabilities;

    public ChannelRateLimits GetRateLimits(ChannelSettings settings) => DefaultRateLimits.WithOverrides(settings);

    /// <summary>E.164 (<c>+15558675310</c>), spaces, dashes, dots and parentheses removed; null without a country code.</summary>
    public string? NormalizeAddress(string address) => PhoneNumbers.ToE164(address);

    public IReadOnlyDictionary<string, string[]> Validate(ChannelSettings settings)
    {
        var errors = ChannelConfigKeys.Validate(settings, "Twilio", TwilioConfigKeys.Config, TwilioConfigKeys.Credentials);

        switch (settings.ConfigValue(TwilioConfigKeys.AccountSid))
        {
            case null:
                errors[$"config.{TwilioConfigKeys.AccountSid}"] = ["Required: the Twilio account SID (AC followed by 32 hex digits)."];
                break;
            case var sid when !SidPattern("AC").IsMatch(sid):
                errors[$"config.{TwilioConfigKeys.AccountSid}"] = ["Must be AC followed by 32 hex digits."];
                break;
        }

        var from = settings.ConfigValue(TwilioConfigKeys.From);
        var service = settings.ConfigValue(TwilioConfigKeys.MessagingServiceSid);
        if (from is null && service is null)
        {
            errors[$"config.{TwilioConfigKeys.From}"] = [$"Required unless {TwilioConfigKeys.MessagingServiceSid} is set: the E.164 number to send from."];
        }
        else if (from is not null && service is not null)
        {
            errors[$"config.{TwilioConfigKeys.From}"] = [$"Set either {TwilioConfigKeys.From} or {TwilioConfigKeys.MessagingServiceSid}, not both."];
        }
        else if (from is not null && PhoneNumbers.ToE164(from) is null)
        {
            errors[$"config.{TwilioConfigKeys.From}"] = ["Must be an E.164 phone number such as +15017122661."];
        }
        else if (service is not null && !SidPattern("MG").IsMatch(service))
        {
            errors[$"config.{TwilioConfigKeys.MessagingServiceSid}"] = ["Must be MG followed by 32 hex digits."];
        }

        if (settings.Secret(TwilioConfigKeys.AuthToken) is null)
        {
            errors[$"credentials.{TwilioConfigKeys.AuthToken}"] = ["Required: the account's auth token (it also signs Twilio's webhooks)."];
        }

        return errors;
    }

    /// <summary>Fetches the account (<c>GET /2010-04-01/Accounts/{AccountSid}.json</c>): the credentials work and the account is active.</summary>
    public async Task<ChannelTestResult> TestAsync(ChannelSettings settings, CancellationToken ct)
    {
        var channel = TwilioChannel.Read(settings);
        if (!channel.CanCall)
        {
            return new ChannelTestResult(false, "The channel has no Twilio account SID or auth token.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, channel.AccountUrl(".json"));
        request.Headers.Authorization = channel.BasicAuth;
        try
        {
            using var response = await Client.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                return new ChannelTestResult(false, TwilioApiError.Read(response.StatusCode, body).Text);
            }

            using var json = JsonDocument.Parse(body);
            string Field(string name) =>
                json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
            var identity = new Dictionary<string, string>
            {
                ["account_sid"] = Field("sid"),
                ["friendly_name"] = Field("friendly_name"),
                ["status"] = Field("status"),
                ["sender"] = channel.Sender,
            };
            var active = identity["status"] == "active";
            var detail = active
                ? $"Twilio account '{identity["friendly_name"]}' ({identity["account_sid"]}) is active; sending as {channel.Sender}."
                : $"Twilio account '{identity["friendly_name"]}' ({identity["account_sid"]}) is {identity["status"]}, not active.";
            return new ChannelTestResult(active, detail, identity);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ChannelTestResult(false, "Twilio did not answer in time.");
        }
        catch (HttpRequestException ex)
        {
            return new ChannelTestResult(false, $"Twilio could not be reached: {ex.Message}");
        }
        catch (JsonException)
        {
            return new ChannelTestResult(false, "Twilio's answer was not the account JSON it documents.");
        }
    }

    /// <summary>
    /// An inbound MMS attachment is its Twilio media URL, fetched with the account's HTTP Basic auth.
    /// Only URLs on Twilio's media host (or the channel's own API host) get it: the credentials must never go to
    /// another host, and an arbitrary URL is nothing this channel produced, so it gets no download. (The channel
    /// grain checks it again with <see cref="ProviderDestinations"/>, which allows the own host only for custom base URLs.)
    /// </summary>
    public Task<MediaDownload?> ResolveMediaAsync(ChannelSettings settings, string providerMediaId, CancellationToken ct)
    {
        var channel = TwilioChannel.Read(settings);
        if (!channel.CanCall || !Uri.TryCreate(providerMediaId, UriKind.Absolute, out var url) || !IsTwilioMedia(url, channel.BaseUrl))
        {
            return Task.FromResult<MediaDownload?>(null);
        }

        return Task.FromResult<MediaDownload?>(new MediaDownload
        {
            Url = providerMediaId,
            Headers = new Dictionary<string, string> { ["Authorization"] = $"Basic {channel.BasicCredentials}" },
        });
    }

    private bool IsTwilioMedia(Uri url, Uri apiBaseUrl) =>
        ProviderHosts.IsOn(url, Hosts.Media) || ProviderDestinations.Origin(url) == ProviderDestinations.Origin(apiBaseUrl);

    private static Regex SidPattern(string prefix) => prefix == "AC" ? AccountSidPattern() : MessagingServiceSidPattern();

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex MessagingServiceSidPattern();
}
