namespace Linktor.Bench.Measure;

/// <summary>Waits for a process's memory to stop moving before it is read (allocations after a burst settle within seconds).</summary>
public static class Settling
{
    /// <summary>
    /// Samples RSS every second until three readings in a row lie within 1 % of each other, or
    /// <paramref name="timeout"/> passes; returns the last reading (null when the process is gone).
    /// </summary>
    public static async Task<long?> RssAsync(Func<int?> pid, TimeSpan timeout, CancellationToken ct)
    {
        var readings = new List<long>();
        var deadline = DateTime.UtcNow + timeout;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (true)
        {
            if (pid() is not { } p || ProcStat.StatusBytes(p, "VmRSS") is not { } rss)
            {
                return null;
            }

            readings.Add(rss);
            if (readings.Count >= 3)
            {
                var last = readings[^3..];
                if (last.Max() - last.Min() <= last.Max() / 100 || DateTime.UtcNow >= deadline)
                {
                    return rss;
                }
            }

            await timer.WaitForNextTickAsync(ct);
        }
    }
}
