namespace Linktor.Bench.Measure;

/// <summary>
/// PostgreSQL: the postmaster and every process it forked (backends, WAL writer, checkpointer, …).
/// CPU counts the live children plus what exited children left in the postmaster's cutime/cstime, so
/// a backend that ends during a round is not lost. Memory is the sum of PSS, which counts the shared
/// buffers once instead of once per backend as RSS would.
/// </summary>
public sealed class PostgresProcesses(Func<int?> postmasterPid) : MeasuredProcess("postgresql")
{
    public override string MemoryKind => "pss, all processes";

    public override double? CpuSeconds()
    {
        if (postmasterPid() is not { } pid || ProcStat.Read(pid) is not { } postmaster)
        {
            return null;
        }

        var ticks = postmaster.OwnTicks + postmaster.ReapedChildrenTicks;
        foreach (var child in ProcStat.Children(pid))
        {
            ticks += child.OwnTicks;
        }

        return ticks / ProcStat.TicksPerSecond;
    }

    public override long? MemoryBytes()
    {
        if (postmasterPid() is not { } pid)
        {
            return null;
        }

        var total = ProcStat.PssBytes(pid) ?? 0;
        foreach (var child in ProcStat.Children(pid))
        {
            total += ProcStat.PssBytes(child.Pid) ?? 0;
        }

        return total;
    }

    /// <summary>The postmaster's pid: the first line of <c>postmaster.pid</c> in the data directory.</summary>
    public static int? ReadPostmasterPid(string dataDirectory)
    {
        try
        {
            var first = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
