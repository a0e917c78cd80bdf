namespace Linktor.Storage.Media;

/// <summary>
/// Where attachments live (ARCHITECTURE.md, "Media"): the local disk on one node, an S3-compatible bucket for a
/// cluster. Two kinds: uploads, addressed by an unguessable id because providers (WhatsApp, Twilio, Telegram) fetch
/// an outbound attachment by URL with no credentials of ours; and copies of inbound attachments, kept per message
/// because providers forget theirs (WhatsApp media ids lapse after 7 days), which only the API serves, to agents.
/// </summary>
public interface IMediaStore
{
    /// <summary>Stores an upload (<paramref name="content"/>, read to its end) under a new id.</summary>
    Task<StoredMedia> SaveAsync(Guid tenantId, Stream content, string contentType, string? filename, CancellationToken ct = default);

    /// <summary>Stores an upload under <paramref name="id"/> (a <see cref="MediaIds.New"/> the caller has recorded first).</summary>
    Task<StoredMedia> SaveAsync(string id, Guid tenantId, Stream content, string contentType, string? filename, CancellationToken ct = default);

    /// <summary>Deletes the upload with that id; nothing happens when there is none (two collectors may both try).</summary>
    Task DeleteAsync(string id, CancellationToken ct = default);

    /// <summary>The upload with that id, or null when there is none.</summary>
    Task<MediaContent?> OpenAsync(string id, CancellationToken ct = default);

    /// <summary>What the upload with that id is (its bytes unread), or null when there is none.</summary>
    Task<StoredMedia?> FindAsync(string id, CancellationToken ct = default);

    /// <summary>Keeps a copy of an inbound message's attachment; a second copy of the same message replaces the first.</summary>
    Task SaveInboundCopyAsync(Guid tenantId, Guid messageId, Stream content, string contentType, string? filename, CancellationToken ct = default);

    /// <summary>Deletes the kept copy of a message's attachment; nothing happens when there is none.</summary>
    Task DeleteInboundCopyAsync(Guid tenantId, Guid messageId, CancellationToken ct = default);

    /// <summary>The kept copy of a message's attachment, or null when there is none (yet).</summary>
    Task<MediaContent?> OpenInboundCopyAsync(Guid tenantId, Guid messageId, CancellationToken ct = default);
}
