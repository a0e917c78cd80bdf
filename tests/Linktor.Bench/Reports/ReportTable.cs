namespace Linktor.Bench.Reports;

/// <summary>A scenario-specific table (ratios of round pairs, event latencies, heap by type, …).</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Columns, List<IReadOnlyList<string>> Rows)
{
    public ReportTable(string title, params string[] columns)
        : this(title, columns, [])
    {
    }

    public ReportTable Add(params object?[] cells)
    {
        Rows.Add([.. cells.Select(ReportFormat.Cell)]);
        return this;
    }
}
