namespace Linktor.Grains.Channels;

/// <summary><c>Linktor:Outbox</c>: how a channel retries sends that failed for a passing reason.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Linktor:Outbox";

    /// <summary>Attempts before a message is failed with <c>retries_exhausted</c>.</summary>
    public int MaxAttempts { get; set; } = 15;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Sends in flight at once per channel (to different conversations; each conversation stays in order).</summary>
    public int MaxConcurrentSends { get; set; } = 32;

    /// <summary>How often a channel looks again at its queue while it has work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
