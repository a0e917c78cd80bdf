namespace Linktor.Storage.Media;

/// <summary>
/// Where uploaded attachments live (ARCHITECTURE.md, "Media"): the local disk on one node, an
/// S3-compatible bucket for a cluster. Files are addressed by an unguessable id, because providers
/// (WhatsApp, Twilio, Telegram) fetch an outbound attachment by URL with no credentials of ours.
/// </summary>
public interface IMediaStore
{
    /// <summary>Stores <paramref name="content"/> (read to its end) under a new id.</summary>
    Task<StoredMedia> SaveAsync(Guid tenantId, Stream content, string contentType, string? filename, CancellationToken ct = default);

    /// <summary>The file with that id, or null when there is none.</summary>
    Task<MediaContent?> OpenAsync(string id, CancellationToken ct = default);
}
