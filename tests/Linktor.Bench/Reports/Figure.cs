namespace Linktor.Bench.Reports;

/// <summary>A headline number of a scenario, with the target it is read against (when there is one).</summary>
/// <param name="Target">The goal as text, e.g. "≥ 10,000".</param>
/// <param name="Met">Whether <paramref name="Value"/> meets it (null without a target, or when not measured).</param>
public sealed record Figure(string Name, double? Value, string Unit, string? Target = null, bool? Met = null)
{
    public static Figure AtLeast(string name, double? value, string unit, double target) =>
        new(name, value, unit, $"≥ {target:#,0.###}", value is { } v ? v >= target : null);

    public static Figure AtMost(string name, double? value, string unit, double target) =>
        new(name, value, unit, $"≤ {target:#,0.###}", value is { } v ? v <= target : null);
}
