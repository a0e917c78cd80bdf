namespace Linktor.Bench.Load;

/// <summary>What a round measured.</summary>
/// <param name="Mode">"closed" or "open".</param>
/// <param name="StartTimestamp">Stopwatch timestamp of the round's start (open loop: request 0's due time).</param>
/// <param name="IntervalTicks">Stopwatch ticks between due times (open loop), 0 for a closed loop.</param>
/// <param name="Scheduled">Open loop: requests due in the schedule; closed loop: requests started.</param>
/// <param name="Unsent">Open loop: due requests never sent before the drain deadline (every connection was busy).</param>
/// <param name="ScheduleLag">Open loop: how late requests went out after their due time (no free connection, or the generator behind).</param>
public sealed record LoadResult(
    string Mode,
    int Connections,
    double? Rate,
    long StartTimestamp,
    long IntervalTicks,
    double ElapsedSeconds,
    long Scheduled,
    long Completed,
    long Ok,
    long Unsent,
    SortedDictionary<string, long> ByStatus,
    LatencySummary Latency,
    LatencySummary? ScheduleLag)
{
    /// <summary>2xx answers a second.</summary>
    public double Throughput => ElapsedSeconds > 0 ? Math.Round(Ok / ElapsedSeconds, 1) : 0;

    public long Errors => Completed - Ok + Unsent;

    /// <summary>The Stopwatch timestamp request <paramref name="index"/> was due at (open loop).</summary>
    public long DueAt(long index) => StartTimestamp + (index * IntervalTicks);
}
