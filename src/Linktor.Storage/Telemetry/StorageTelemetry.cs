using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Linktor.Storage.Telemetry;

/// <summary>
/// The storage's own meter and activity source. Static, not from <c>IMeterFactory</c>: the group-commit queues are built
/// by stores that tests also construct by hand, and a queue's histogram must not depend on how its store was made.
/// </summary>
public static class StorageTelemetry
{
    public const string Name = "Linktor.Storage";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Writes per group-commit statement, tagged by <c>kind</c> (append, status, claim).</summary>
    internal static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "linktor.storage.group_commit.batch_size", "{write}", "Writes carried by one group-commit statement",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] });
}
