namespace Linktor.Bench.Load;

/// <summary>Answers of one worker by status (0: connection failed, -1: no answer in time).</summary>
public sealed class StatusCounts
{
    private readonly long[] _counts = new long[602];

    public void Add(int status) => _counts[Math.Clamp(status, -1, 600) + 1]++;

    /// <summary>Every worker's counts together, keyed "202", "500", "io_error", "timeout".</summary>
    public static SortedDictionary<string, long> Merge(IEnumerable<StatusCounts> all)
    {
        var merged = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var counts in all)
        {
            for (var i = 0; i < counts._counts.Length; i++)
            {
                if (counts._counts[i] == 0)
                {
                    continue;
                }

                var key = (i - 1) switch
                {
                    RawHttpConnection.Timeout => "timeout",
                    RawHttpConnection.IoError => "io_error",
                    var status => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                merged[key] = merged.GetValueOrDefault(key) + counts._counts[i];
            }
        }

        return merged;
    }
}
