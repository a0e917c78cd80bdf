using System.ComponentModel.DataAnnotations;

namespace Linktor.Storage.Media;

/// <summary><c>Linktor:Media</c>: where attachments are kept (uploads, copies of inbound ones) and how large an upload may be.</summary>
public sealed class MediaOptions : IValidatableObject
{
    public const string SectionName = "Linktor:Media";

    /// <summary><c>FileSystem</c> (one node, or nodes sharing a volume) or <c>S3</c> (any S3-compatible bucket).</summary>
    public MediaStoreKind Store { get; set; } = MediaStoreKind.FileSystem;

    /// <summary>The folder of the file-system store.</summary>
    public string Path { get; set; } = System.IO.Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "linktor", "media");

    /// <summary>The largest upload accepted, in bytes (16 MiB: WhatsApp's video limit, above its image and audio limits).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The most one tenant's uploads (agents' and web-chat visitors' together) may weigh; an upload beyond it answers 413
    /// <c>payload_too_large</c> (API.md's code for a 413), so no tenant (nor anonymous visitors of one) can fill the volume every tenant shares.
    /// </summary>
    public long TenantQuotaBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>
    /// What a tenant's web-chat visitors' uploads that no message uses yet may weigh together, within
    /// <see cref="TenantQuotaBytes"/>: anyone can be a visitor, so a script uploading without writing fills this share
    /// (until the janitor collects it), never the room the tenant's agents and the messages sent need.
    /// </summary>
    public long VisitorPendingQuotaBytes { get; set; } = 1L * 1024 * 1024 * 1024;

    /// <summary>How long an upload no message refers to is kept; then the upload janitor deletes it and gives its bytes back to the quota.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan UnreferencedUploadRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often each API node's upload janitor looks for unreferenced uploads past their retention.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan UploadJanitorInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The largest attachment downloaded from a provider (inbound copies), in bytes; the download stops there, whatever
    /// the provider declares (100 MiB: WhatsApp's document limit, the largest any channel carries).
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxProviderDownloadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Keep a copy of every inbound attachment (providers forget theirs: WhatsApp media ids lapse after 7 days).</summary>
    public bool CopyInbound { get; set; } = true;

    /// <summary>
    /// How long a silo's claim on an inbound attachment copy lasts: a copy cut short by a crash is taken by another
    /// silo once it lapses. It must outlive the longest download (the provider media client's 2 min timeout).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CopyLease { get; set; } = TimeSpan.FromMinutes(3);

    public S3MediaOptions S3 { get; set; } = new();

    /// <summary>The rules between settings (each one's own range is on it).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TenantQuotaBytes < MaxUploadBytes)
        {
            yield return new("Linktor:Media:TenantQuotaBytes must be at least MaxUploadBytes.", [nameof(TenantQuotaBytes)]);
        }

        if (VisitorPendingQuotaBytes < MaxUploadBytes || VisitorPendingQuotaBytes > TenantQuotaBytes)
        {
            yield return new("Linktor:Media:VisitorPendingQuotaBytes must be at least MaxUploadBytes and at most TenantQuotaBytes.", [nameof(VisitorPendingQuotaBytes)]);
        }

        if (Store == MediaStoreKind.FileSystem && string.IsNullOrWhiteSpace(Path))
        {
            yield return new("Linktor:Media:Path is needed when Linktor:Media:Store is FileSystem.", [nameof(Path)]);
        }

        if (Store == MediaStoreKind.S3 && string.IsNullOrWhiteSpace(S3.Bucket))
        {
            yield return new("Linktor:Media:S3:Bucket is needed when Linktor:Media:Store is S3.", [$"{nameof(S3)}.{nameof(S3.Bucket)}"]);
        }
    }
}
