using Linktor.Bench.Measure;

namespace Linktor.Bench.Reports;

/// <summary>Everything one scenario run measured, and how: written as Markdown and JSON by <see cref="ReportWriter"/>.</summary>
public sealed class ScenarioReport(string scenario, string title, string description)
{
    public string Scenario { get; } = scenario;

    public string Title { get; } = title;

    public string Description { get; } = description;

    /// <summary>A --quick run: it checks the harness; its numbers are not results.</summary>
    public bool HarnessCheck { get; init; }

    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;

    public double WallSeconds { get; set; }

    public required MachineInfo Machine { get; init; }

    public required VersionInfo Versions { get; init; }

    public SortedDictionary<string, string> Settings { get; } = new(StringComparer.Ordinal);

    public List<Figure> Figures { get; } = [];

    public List<RoundReport> Rounds { get; } = [];

    public List<ReportTable> Tables { get; } = [];

    public List<string> Notes { get; } = [];

    /// <summary>Set when the scenario stopped on an error: what it measured until then is still written.</summary>
    public string? Failure { get; set; }
}
