using Linktor.Contracts.Channels;

namespace Linktor.Adapters;

/// <summary>
/// A channel family's provider knowledge: what it can carry, how to check its settings, how to
/// send, and how to read what the provider posts to <c>/hooks/{channel_id}</c>. Plain classes over
/// <c>IHttpClientFactory</c>, testable against fake provider servers; they know nothing of grains.
/// The provider is reached at <see cref="ChannelConfigKeys.ApiBaseUrl"/> when the channel sets it.
/// </summary>
public interface IChannelAdapter
{
    ChannelType Type { get; }

    /// <summary>
    /// The provider's API, media and media-redirect hosts (<see cref="ProviderDestinations"/> keeps every request of
    /// the channel to them); none for a channel that calls no provider.
    /// </summary>
    ProviderHosts Hosts => ProviderHosts.None;

    /// <summary>What a channel of this family with these settings can carry.</summary>
    ChannelCapabilities GetCapabilities(ChannelSettings settings);

    /// <summary>Checks config and credentials; errors name fields as <c>config.x</c> / <c>credentials.x</c>.</summary>
    IReadOnlyDictionary<string, string[]> Validate(ChannelSettings settings);

    /// <summary>Fills in generated values (e.g. secrets) a new channel needs.</summary>
    ChannelSettings Prepare(ChannelSettings settings) => settings;

    /// <summary>
    /// Tells the provider where to post (Telegram's <c>setWebhook</c>) after a channel is created or
    /// its credentials change. Providers configured in their own console do nothing here.
    /// </summary>
    Task<ChannelTestResult> RegisterWebhookAsync(ChannelSettings settings, Uri webhookUrl, CancellationToken ct) =>
        Task.FromResult(new ChannelTestResult(true, "Nothing to register: the webhook URL is set in the provider's console."));

    /// <summary>The send rates the provider allows (its documented defaults, overridable in config).</summary>
    ChannelRateLimits GetRateLimits(ChannelSettings settings) => ChannelRateLimits.Unlimited;

    /// <summary>Normalizes an address given to <c>POST /messages</c> (<c>to</c>); null when it is not one for this channel.</summary>
    string? NormalizeAddress(string address);

    /// <summary>
    /// Whether the provider drops a repeated send of the same message on its own (an idempotency key it honours),
    /// so that a send whose outcome is unknown may simply be sent again. WhatsApp, Telegram and Twilio do not.
    /// </summary>
    bool DeduplicatesSends => false;

    /// <summary>Sends one message. Never throws for provider answers: they are classified in the result.</summary>
    Task<SendResult> SendAsync(ChannelSettings settings, OutboundMessage message, CancellationToken ct);

    /// <summary>Asks the provider who this channel is (the <c>/test</c> route).</summary>
    Task<ChannelTestResult> TestAsync(ChannelSettings settings, CancellationToken ct);

    /// <summary>
    /// Checks that a webhook call comes from the provider (signature, secret token) or answers its
    /// handshake. Channels that take no webhooks refuse every call.
    /// </summary>
    WebhookVerdict VerifyWebhook(ChannelSettings settings, WebhookRequest request) =>
        WebhookVerdict.NotFound("This channel takes no provider webhooks.");

    /// <summary>
    /// The canonical events in a verified webhook, in the provider's order. A payload that cannot be
    /// read throws <see cref="WebhookFormatException"/>; unknown event kinds are skipped, not errors.
    /// </summary>
    IReadOnlyList<InboundEvent> ParseWebhook(ChannelSettings settings, WebhookRequest request) => [];

    /// <summary>
    /// The body a provider expects with the 200 of a stored delivery (Twilio: an empty TwiML
    /// <c>&lt;Response/&gt;</c>, meaning "no automatic reply"); null for an empty 200.
    /// </summary>
    WebhookVerdict? StoredAnswer => null;

    /// <summary>What a provider wants after an event is stored (Telegram's <c>answerCallbackQuery</c>).</summary>
    Task AcknowledgeAsync(ChannelSettings settings, InboundEvent inbound, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Where to download an inbound attachment named by <see cref="Contracts.Messages.MediaInfo.ProviderMediaId"/>.</summary>
    Task<MediaDownload?> ResolveMediaAsync(ChannelSettings settings, string providerMediaId, CancellationToken ct) =>
        Task.FromResult<MediaDownload?>(null);
}
