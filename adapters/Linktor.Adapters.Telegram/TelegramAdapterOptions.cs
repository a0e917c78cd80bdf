namespace Linktor.Adapters.Telegram;

/// <summary>Node-wide settings of the Telegram adapter (per-channel settings live in the channel's config).</summary>
public sealed class TelegramAdapterOptions
{
    /// <summary>
    /// How long one Bot API call may take before it counts as a timeout (a retryable send).
    /// Default 30 s: Telegram fetches media sent by URL before it answers, which can take a while.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
