namespace Linktor.Adapters.WhatsApp;

/// <summary>Node-wide settings of the WhatsApp adapter (per-channel settings are in the channel's config).</summary>
public sealed class WhatsAppAdapterOptions
{
    /// <summary>How long one Graph API call may take before the send is retried later (default 30 s).</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest file downloaded for <see cref="WhatsAppMediaUpload.Upload"/> (default 100 MB,
    /// WhatsApp's limit for documents; WhatsApp itself refuses smaller limits per type).
    /// </summary>
    public long MaxUploadBytes { get; set; } = WhatsAppAdapter.MaxMediaBytes;
}
