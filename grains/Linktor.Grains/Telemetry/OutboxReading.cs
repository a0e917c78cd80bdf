namespace Linktor.Grains.Telemetry;

/// <summary>
/// What a channel's grain last reported of its outbox, for <see cref="MessagingMetrics"/>' gauges. The grain writes it
/// in its turn; the scrape reads it on another thread, so each value is one atomic word.
/// </summary>
public sealed class OutboxReading(string channelType, Guid channelId, TimeProvider clock)
{
    private int _depth;
    private long _oldestQueuedAtTicks; // UTC ticks; 0: nothing queued

    /// <summary>The gauges' tags, made once per channel.</summary>
    internal KeyValuePair<string, object?>[] Tags { get; } = [new("channel_type", channelType), new("channel_id", channelId.ToString())];

    public int Depth => Volatile.Read(ref _depth);

    /// <summary>How long the oldest queued message has waited now; zero when none waits.</summary>
    public TimeSpan Age
    {
        get
        {
            var oldest = Interlocked.Read(ref _oldestQueuedAtTicks);
            var now = clock.GetUtcNow();
            return oldest == 0 || now.UtcTicks <= oldest ? TimeSpan.Zero : TimeSpan.FromTicks(now.UtcTicks - oldest);
        }
    }

    public void Report(int depth, DateTimeOffset? oldestQueuedAt)
    {
        Volatile.Write(ref _depth, depth);
        Interlocked.Exchange(ref _oldestQueuedAtTicks, oldestQueuedAt?.UtcTicks ?? 0);
    }
}
