using System.Net;
using System.Text.Json;
using Linktor.Adapters.WhatsApp.Internals;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;

namespace Linktor.Adapters.WhatsApp;

/// <summary>
/// WhatsApp Business Cloud API (Meta Graph API): sends to <c>/{version}/{phone_number_id}/messages</c>
/// with the channel's bearer token; reads the WhatsApp Business Account webhooks Meta posts to
/// <c>/hooks/{channel_id}</c>, signed with the app secret. Provider facts: shared/notes/channels.md §1.
/// </summary>
public sealed partial class WhatsAppAdapter(IHttpClientFactory httpClients, WhatsAppAdapterOptions options) : IChannelAdapter
{
    /// <summary>The named HttpClient (<see cref="IHttpClientFactory"/>) every Graph call goes through.</summary>
    public const string HttpClientName = "linktor.whatsapp";

    /// <summary>
    /// The largest media message: documents up to 100 MB. WhatsApp's other limits are smaller and
    /// enforced by WhatsApp itself (131053): audio and video 16 MB, images 5 MB, stickers 100 KB (animated 500 KB).
    /// </summary>
    public const long MaxMediaBytes = 100L * 1024 * 1024;

    /// <summary>WhatsApp's longest text body.</summary>
    public const int MaxTextLength = 4096;

    private static readonly ChannelCapabilities Capabilities = new()
    {
        ContentTypes =
        [
            ContentTypes.Text, ContentTypes.Image, ContentTypes.Video, ContentTypes.Audio, ContentTypes.Document,
            ContentTypes.Sticker, ContentTypes.Location, ContentTypes.Contacts, ContentTypes.Interactive,
            ContentTypes.Template, ContentTypes.Reaction,
        ],
        MaxTextLength = MaxTextLength,
        MaxMediaBytes = MaxMediaBytes,
        Interactive = true,
        Templates = true,
        DeliveryReceipts = true,
        ReadReceipts = true,

        // A business may write first, but only with an approved template ...
        CanInitiate = true,

        // ... since free-form messages go only within 24 h of the contact's last message (131047 otherwise).
        ReplyWindow = TimeSpan.FromHours(24),
    };

    /// <summary>
    /// 80 messages/s per business number (Meta's default throughput; 130429 beyond it). Per recipient
    /// the pair rate is about one message per 6 s (131056 beyond it), but Meta lets short bursts
    /// borrow from later: a burst of 10 lets an agent send a few quick replies in a row without
    /// waiting, while the sustained rate stays under the pair rate.
    /// </summary>
    private static readonly ChannelRateLimits DefaultRateLimits = new(80, 80, RecipientPerSecond: 1.0 / 6, RecipientBurst: 10);

    public ChannelType Type => ChannelType.Whatsapp;

    /// <summary>The Graph API; inbound media URLs it answers are on lookaside.fbsbx.com (channels.md §1.4).</summary>
    public ProviderHosts Hosts { get; } = ProviderHosts.Of(["graph.facebook.com"], ["graph.facebook.com", "lookaside.fbsbx.com"], []);

    public ChannelCapabilities GetCapabilities(ChannelSettings settings) => Capabilities;

    public ChannelRateLimits GetRateLimits(ChannelSettings settings) => DefaultRateLimits.WithOverrides(settings);

    public string? NormalizeAddress(string address) => WhatsAppAddress.Normalize(address);

    public IReadOnlyDictionary<string, string[]> Validate(ChannelSettings settings) => WhatsAppSettingsValidator.Validate(settings);

    /// <summary>Asks Graph for the phone number's name and quality (<c>GET /{version}/{phone_number_id}</c>).</summary>
    public async Task<ChannelTestResult> TestAsync(ChannelSettings settings, CancellationToken ct)
    {
        var channel = WhatsAppChannel.From(settings);
        using var request = channel.Request(HttpMethod.Get, $"{Uri.EscapeDataString(channel.PhoneNumberId)}?fields=display_phone_number,verified_name,quality_rating");
        try
        {
            using var response = await Client.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                return new ChannelTestResult(false, GraphError.Parse(body)?.Describe() ?? $"WhatsApp answered HTTP {(int)response.StatusCode}.");
            }

            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var identity = new Dictionary<string, string> { ["phone_number_id"] = GraphJson.String(root, "id") ?? channel.PhoneNumberId };
            foreach (var field in new[] { "display_phone_number", "verified_name", "quality_rating" })
            {
                if (GraphJson.String(root, field) is { } value)
                {
                    identity[field] = value;
                }
            }

            if (settings.ConfigValue(WhatsAppConfigKeys.BusinessAccountId) is { } waba)
            {
                identity["business_account_id"] = waba;
            }

            return new ChannelTestResult(
                true,
                $"WhatsApp number {identity.GetValueOrDefault("display_phone_number", channel.PhoneNumberId)} ({identity.GetValueOrDefault("verified_name", "no verified name")}) is reachable.",
                identity);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ChannelTestResult(false, "WhatsApp did not answer in time.");
        }
        catch (HttpRequestException ex)
        {
            return new ChannelTestResult(false, $"WhatsApp could not be reached: {ex.Message}");
        }
        catch (JsonException)
        {
            return new ChannelTestResult(false, "WhatsApp answered with something that is not JSON.");
        }
    }

    /// <summary>
    /// Where to download an inbound attachment: <c>GET /{version}/{media-id}</c> gives a URL valid for
    /// about 5 minutes, which wants the same bearer token. Null when WhatsApp does not know the id
    /// (expired after 7 days, or another number's); transport failures and 5xx throw.
    /// </summary>
    public async Task<MediaDownload?> ResolveMediaAsync(ChannelSettings settings, string providerMediaId, CancellationToken ct)
    {
        var channel = WhatsAppChannel.From(settings);
        using var request = channel.Request(HttpMethod.Get, Uri.EscapeDataString(providerMediaId));
        using var response = await Client.SendAsync(request, ct);
        if (ProviderHttp.IsTransient(response.StatusCode))
        {
            throw new HttpRequestException($"WhatsApp answered HTTP {(int)response.StatusCode} for media {providerMediaId}.", null, response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        var root = document.RootElement;
        return GraphJson.String(root, "url") is { Length: > 0 } url
            ? new MediaDownload
            {
                Url = url,
                Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {channel.AccessToken}" },
                MimeType = GraphJson.String(root, "mime_type"),
            }
            : null;
    }

    private HttpClient Client => httpClients.CreateClient(HttpClientName);

    private static bool IsUnauthorized(HttpStatusCode status) => status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
