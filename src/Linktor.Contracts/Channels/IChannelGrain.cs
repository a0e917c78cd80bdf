using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Orleans.Concurrency;

namespace Linktor.Contracts.Channels;

/// <summary>
/// One channel (key: <see cref="GrainKeys.Scoped"/>). Owns the provider config and encrypted
/// credentials, the adapter, the outbound queue, the provider rate limits and retries.
/// </summary>
[Alias("Linktor.IChannelGrain")]
public interface IChannelGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<Result<ChannelRecord>> CreateAsync(ChannelDraft draft);

    [Alias("Get"), Idempotent]
    Task<Result<ChannelRecord>> GetAsync();

    [Alias("Update")]
    Task<Result<ChannelRecord>> UpdateAsync(ChannelPatch patch);

    [Alias("Delete")]
    Task<Result<bool>> DeleteAsync();

    /// <summary>
    /// The canonical form of an address on this channel (phone, chat id, visitor id), or a validation problem naming
    /// <paramref name="field"/>. Read-only and answered in one turn: it interleaves rather than wait behind a webhook or an update.
    /// </summary>
    [Alias("NormalizeAddress"), AlwaysInterleave, Idempotent]
    Task<Result<string>> NormalizeAddressAsync(string address, string field);

    [Alias("Test")]
    Task<Result<ChannelTestResult>> TestAsync();

    /// <summary>
    /// Hands the channel a stored outbound message to send to <paramref name="contactAddress"/>.
    /// The message store is the durable queue: a lost notification only delays the send until the
    /// channel's next scan of it.
    /// </summary>
    [Alias("NotifyQueued"), OneWay]
    Task NotifyQueuedAsync(MessageRecord message, string contactAddress);

    /// <summary>
    /// A provider's call to the channel's <c>/hooks</c> URL: verified with the channel's secrets, its
    /// events stored (messages, statuses, edits) before this returns. Read-only on the channel's
    /// state, so calls interleave with each other and with sends: a burst of one channel's webhooks
    /// (each awaiting its identity and conversation grains) is not queued behind itself. No grain
    /// it calls calls the channel back (the identity gets the channel's type with the message).
    /// </summary>
    [Alias("HandleWebhook"), AlwaysInterleave, Idempotent]
    Task<WebhookResponse> HandleWebhookAsync(WebhookRequest request);

    /// <summary>Where to download an inbound attachment the provider keeps. Read-only on the channel's state, so it interleaves.</summary>
    [Alias("ResolveMedia"), AlwaysInterleave, Idempotent]
    Task<Result<MediaDownload>> ResolveMediaAsync(string providerMediaId);

    /// <summary>What the channel can carry (for checks before a message is stored). Read-only and answered in one turn, so it interleaves.</summary>
    [Alias("GetCapabilities"), AlwaysInterleave, Idempotent]
    Task<ChannelCapabilities?> GetCapabilitiesAsync();
}
