using System.Diagnostics;

namespace Linktor.Bench.Load;

/// <summary>Latencies of one worker, in Stopwatch ticks, appended without locks; merged and sorted at the end.</summary>
public sealed class LatencyLog
{
    private long[] _ticks = new long[4096];

    public int Count { get; private set; }

    public void Add(long ticks)
    {
        if (Count == _ticks.Length)
        {
            Array.Resize(ref _ticks, _ticks.Length * 2);
        }

        _ticks[Count++] = ticks;
    }

    public ReadOnlySpan<long> Values => _ticks.AsSpan(0, Count);

    /// <summary>Every worker's values, in milliseconds, sorted.</summary>
    public static double[] SortedMilliseconds(IEnumerable<LatencyLog> logs)
    {
        var all = new List<double>();
        foreach (var log in logs)
        {
            foreach (var t in log.Values)
            {
                all.Add(t * 1000.0 / Stopwatch.Frequency);
            }
        }

        var sorted = all.ToArray();
        Array.Sort(sorted);
        return sorted;
    }
}
