using Linktor.Bench.Reports;

namespace Linktor.Bench.Scenarios;

public sealed class FanoutScenario : IScenario
{
    public string Name => "fanout";

    public string Title => "todo";

    public string Description => "todo";

    public IReadOnlyList<string> Settings => [];

    public Task RunAsync(ScenarioContext context, ScenarioReport report, CancellationToken ct) => throw new NotImplementedException();
}
