namespace Linktor.Adapters.Twilio;

/// <summary>Node-wide settings of the Twilio adapter (per-channel settings live in the channel's config).</summary>
public sealed class TwilioAdapterOptions
{
    /// <summary>
    /// How long one call to Twilio may take before it counts as a timeout (a retryable send).
    /// Default 30 s: Twilio answers a message create in well under a second when it is healthy.
    /// </summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
