namespace Linktor.Bench.Measure;

/// <summary>One process's share of a round.</summary>
/// <param name="CpuSeconds">User + system CPU seconds during the round.</param>
/// <param name="CpuCores">CPU seconds per second of the round: 1.0 is one core busy throughout.</param>
/// <param name="PeakMemoryMb">The highest sampled memory (<paramref name="MemoryKind"/>) during the round.</param>
/// <param name="HighWaterMb">VmHWM at the round's end: the process's lifetime peak RSS.</param>
public sealed record ProcessUsage(string Name, double CpuSeconds, double CpuCores, double PeakMemoryMb, string MemoryKind, double? HighWaterMb);
