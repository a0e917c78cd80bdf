using System.ComponentModel.DataAnnotations;

namespace Linktor.Grains.Channels;

/// <summary><c>Linktor:Outbox</c>: how a channel retries sends that failed for a passing reason.</summary>
public sealed class OutboxOptions : IValidatableObject
{
    public const string SectionName = "Linktor:Outbox";

    /// <summary>Attempts before a message is failed with <c>retries_exhausted</c>.</summary>
    [Range(1, int.MaxValue)]
    public int MaxAttempts { get; set; } = 15;

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Sends in flight at once per channel (to different conversations; each conversation stays in order). The
    /// provider's rate limits usually bound a channel long before this does: at 20 ms a call, 256 carry 12,800/s.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxConcurrentSends { get; set; } = 256;

    /// <summary>
    /// Queued messages a channel holds in memory; the rest of its queue waits in the store and is read as the window
    /// drains, so a million messages queued for a slow provider cost the memory of this many.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int Window { get; set; } = 10_000;

    /// <summary>How often a channel looks again at its queue while it has work.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Share of provider failures (outages, timeouts; not throttling) within <see cref="CircuitSamplingDuration"/> that opens the circuit.</summary>
    /// <remarks>The ranges of the circuit settings are Polly's (<c>CircuitBreakerStrategyOptions</c>), checked here at start rather than at a channel's first send.</remarks>
    [Range(0.0, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Sends within the sampling window before the failure ratio counts.</summary>
    [Range(1, int.MaxValue)]
    public int CircuitMinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a channel stops sending once its provider looks down, before one trial send.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How old a send mark found in the store must be before its attempt counts as lost (its silo crashed before the
    /// outcome was recorded): the message is then failed as <c>outcome_unknown</c>, never sent again. Longer than any
    /// provider call and its record take, so a live attempt is never mistaken for a lost one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a status for a message whose provider id is not yet recorded is kept for it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan EarlyStatusRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The rules between settings (each one's own range is on it).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxDelay < BaseDelay)
        {
            yield return new("Linktor:Outbox:MaxDelay must be at least Linktor:Outbox:BaseDelay.", [nameof(MaxDelay)]);
        }
    }
}
