using Linktor.Contracts.Common;

namespace Linktor.Contracts.Messages;

/// <summary>
/// Takes the copy of an inbound attachment the provider keeps (a WhatsApp media id, a Telegram file id, a Twilio media
/// URL) into the media store, for an agent's download that finds none yet (still queued, or lost with a crashed silo).
/// A stateless worker (key 0): it runs on the silo the call reaches, which holds the adapters and the provider policy;
/// API nodes never call providers themselves, and read the copy from the media store once this answers.
/// </summary>
[Alias("Linktor.IProviderMediaGrain")]
public interface IProviderMediaGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Copies <paramref name="message"/>'s provider-held attachment into the media store, replacing any earlier copy
    /// (so a repeat does nothing more). The timeout is the download's: up to <c>Linktor:Media:MaxProviderDownloadBytes</c>
    /// (100 MiB) from a slow provider, well past a cluster client's 20 s for other calls; an agent who gives up cancels it.
    /// </summary>
    [Alias("Copy"), Idempotent, ResponseTimeout("00:05:00")]
    Task<MediaCopyResult> CopyAsync(MessageRecord message, CancellationToken cancellationToken = default);
}
