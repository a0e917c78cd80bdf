namespace Linktor.Bench.Measure;

/// <summary>Something whose CPU and memory a round reports: one process, or a server made of several.</summary>
public abstract class MeasuredProcess(string name)
{
    public string Name { get; } = name;

    /// <summary>What <see cref="MemoryBytes"/> measures, for the report ("rss", "private summed + shared once").</summary>
    public abstract string MemoryKind { get; }

    /// <summary>CPU seconds used so far (user + system); null when the process is not running.</summary>
    public abstract double? CpuSeconds();

    public abstract long? MemoryBytes();

    /// <summary>The kernel's lifetime peak (VmHWM), where there is one process to ask.</summary>
    public virtual long? HighWaterBytes() => null;

    /// <summary>One process, found anew at each reading (a restarted node gets a new pid).</summary>
    public static MeasuredProcess Single(string name, Func<int?> pid) => new SingleProcess(name, pid);

    private sealed class SingleProcess(string name, Func<int?> pid) : MeasuredProcess(name)
    {
        public override string MemoryKind => "rss";

        public override double? CpuSeconds() => pid() is { } p && ProcStat.Read(p) is { } stat ? stat.OwnTicks / ProcStat.TicksPerSecond : null;

        public override long? MemoryBytes() => pid() is { } p ? ProcStat.StatusBytes(p, "VmRSS") : null;

        public override long? HighWaterBytes() => pid() is { } p ? ProcStat.StatusBytes(p, "VmHWM") : null;
    }
}
