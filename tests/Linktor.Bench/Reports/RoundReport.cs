using System.Text.Json.Serialization;
using Linktor.Bench.Load;
using Linktor.Bench.Measure;

namespace Linktor.Bench.Reports;

/// <summary>One measured round: load, answers, latency, and every process's CPU and memory during it.</summary>
public sealed record RoundReport(
    string Name,
    string System,
    string Mode,
    int Connections,
    double? Rate,
    double DurationSeconds,
    long Requests,
    long Ok,
    long Unsent,
    IReadOnlyDictionary<string, long> ByStatus,
    double Throughput,
    LatencySummary Latency,
    LatencySummary? ScheduleLag,
    IReadOnlyList<ProcessUsage> Processes)
{
    /// <summary>Further measurements of the round (event latencies, deliveries, …) by name.</summary>
    public Dictionary<string, object> Extra { get; init; } = [];

    /// <summary>The load result behind the round (due times of an open loop's requests), not written to the report.</summary>
    [JsonIgnore]
    public LoadResult? Load { get; init; }

    public static RoundReport From(string name, string system, LoadResult load, IReadOnlyList<ProcessUsage> processes) => new(
        name, system, load.Mode, load.Connections, load.Rate, load.ElapsedSeconds, load.Completed, load.Ok, load.Unsent,
        load.ByStatus, load.Throughput, load.Latency, load.ScheduleLag, processes)
    {
        Load = load,
    };

    /// <summary>A round that is not an HTTP load (e.g. holding connections): only its processes and extras.</summary>
    public static RoundReport Observation(string name, string system, double seconds, IReadOnlyList<ProcessUsage> processes) => new(
        name, system, "observe", 0, null, Math.Round(seconds, 3), 0, 0, 0, new Dictionary<string, long>(), 0, LatencySummary.Empty, null, processes);
}
