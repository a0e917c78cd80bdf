namespace Linktor.Bench.Measure;

/// <summary>
/// PostgreSQL: the postmaster and every process it forked (backends, WAL writer, checkpointer, …).
/// CPU counts the live children plus what exited children left in the postmaster's cutime/cstime, so
/// a backend that ends during a round is not lost. Memory is each process's private memory (RssAnon)
/// summed, plus the shared memory (shared buffers) once: the largest RssShmem of any of them. Summed RSS
/// would count the shared buffers once per backend; PSS (smaps_rollup) would be exact but costs ~2 ms
/// of kernel time per process to read, which would make the generator's own CPU figure a lie.
/// </summary>
public sealed class PostgresProcesses(Func<int?> postmasterPid) : MeasuredProcess("postgresql")
{
    public override string MemoryKind => "private summed + shared once";

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

        long privateBytes = 0, sharedBytes = 0;
        foreach (var p in ProcStat.Children(pid).Select(c => c.Pid).Prepend(pid))
        {
            privateBytes += ProcStat.StatusBytes(p, "RssAnon") ?? 0;
            sharedBytes = Math.Max(sharedBytes, ProcStat.StatusBytes(p, "RssShmem") ?? 0);
        }

        return privateBytes + sharedBytes;
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
