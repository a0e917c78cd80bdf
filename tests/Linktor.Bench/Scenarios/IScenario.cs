using Linktor.Bench.Reports;

namespace Linktor.Bench.Scenarios;

/// <summary>A benchmark scenario: sets up what it needs, measures, and fills in its report.</summary>
public interface IScenario
{
    string Name { get; }

    string Title { get; }

    string Description { get; }

    /// <summary>The option names that shape this scenario (recorded in its report's settings).</summary>
    IReadOnlyList<string> Settings { get; }

    Task RunAsync(ScenarioContext context, ScenarioReport report, CancellationToken ct);
}
