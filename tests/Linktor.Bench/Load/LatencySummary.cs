namespace Linktor.Bench.Load;

/// <summary>Nearest-rank percentiles of a latency sample, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary Of(double[] sorted) => sorted.Length == 0
        ? Empty
        : new LatencySummary(
            sorted.Length,
            Math.Round(sorted.Average(), 3),
            Percentile(sorted, 50),
            Percentile(sorted, 90),
            Percentile(sorted, 99),
            Percentile(sorted, 99.9),
            Math.Round(sorted[^1], 3));

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double percentile) => sorted.Length == 0
        ? 0
        : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)], 3);
}
