namespace Linktor.Storage.Analytics;

/// <summary>How many durations were measured, and their median and 90th percentile (null when none were).</summary>
public sealed record DurationStats
{
    public required long Count { get; init; }

    public double? MedianSeconds { get; init; }

    public double? P90Seconds { get; init; }
}
