using System.ComponentModel.DataAnnotations;

namespace Linktor.Storage.Events;

/// <summary>
/// <c>Linktor:Events</c>: how the events outbox is split into stream queues, read and cleaned. Every node of a cluster
/// (the writers and the silos' pulling agents) must agree on <see cref="Queues"/>.
/// </summary>
public sealed class EventStreamOptions : IValidatableObject
{
    public const string SectionName = "Linktor:Events";

    /// <summary>
    /// Stream queues the events table is split into (<c>events.queue</c> is <c>0 .. Queues-1</c>); each is read by one
    /// pulling agent in the cluster, so this bounds the read parallelism. Change it only with the outbox drained:
    /// a tenant's new events would go to another queue, whose agent does not wait for the old queue's backlog (and
    /// rows in a queue beyond a lowered count would never be read).
    /// </summary>
    [Range(1, EventQueues.MaxQueues)]
    public int Queues { get; set; } = 8;

    /// <summary>
    /// How often an idle queue is polled (a queue with a backlog is read again at once). 100 ms, the Orleans default:
    /// an idle poll is one index probe, so the idle load is <see cref="Queues"/> × 10 queries a second for the whole
    /// cluster, and an event waits 50 ms on average; halving the wait would double the idle load of a 2-core node for
    /// consumers (webhooks, automation) that do not need it. Real-time pushes to agents do not go through here.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The most rows one poll of a queue reads.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a delivered event stays in the table (for inspection and replays) before it is purged.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a queue's reader purges delivered rows older than <see cref="Retention"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most rows one purge statement deletes (a larger backlog is purged chunk by chunk, poll by poll).</summary>
    [Range(1, 100_000)]
    public int PurgeChunk { get; set; } = 5000;

    /// <summary>
    /// Events a queue's agent holds in memory, read but not yet processed by every consumer; at this many it stops
    /// reading until consumers catch up. With a consumer retrying a failing event this is how far the queue's other
    /// tenants get ahead of it. At least <see cref="BatchSize"/>.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxCachedEvents { get; set; } = 10_000;

    /// <summary>First wait before a consumer that threw (or a failed read) is tried again; it doubles per attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts. A failing event is retried forever, never skipped.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The rules between settings (each one's own range is on it).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxCachedEvents < BatchSize)
        {
            yield return new("Linktor:Events:MaxCachedEvents must be at least Linktor:Events:BatchSize.", [nameof(MaxCachedEvents)]);
        }

        if (RetryMaxDelay < RetryBaseDelay)
        {
            yield return new("Linktor:Events:RetryBaseDelay must be positive and at most Linktor:Events:RetryMaxDelay.", [nameof(RetryMaxDelay)]);
        }
    }
}
