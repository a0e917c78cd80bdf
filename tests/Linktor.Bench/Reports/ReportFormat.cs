using System.Globalization;

namespace Linktor.Bench.Reports;

/// <summary>How numbers read in a report: thousands separated, at most three significant decimals.</summary>
public static class ReportFormat
{
    public static string Cell(object? value) => value switch
    {
        null => "–",
        double d when double.IsNaN(d) => "–",
        double d => Number(d),
        float f => Number(f),
        long l => l.ToString("#,0", CultureInfo.InvariantCulture),
        int i => i.ToString("#,0", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static string Number(double d) => Math.Abs(d) switch
    {
        >= 100 => d.ToString("#,0", CultureInfo.InvariantCulture),
        >= 10 => d.ToString("#,0.#", CultureInfo.InvariantCulture),
        _ => d.ToString("#,0.###", CultureInfo.InvariantCulture),
    };
}
