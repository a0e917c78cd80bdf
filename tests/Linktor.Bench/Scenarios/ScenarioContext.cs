using System.Diagnostics;
using Linktor.Bench.Infrastructure;
using Linktor.Bench.Load;
using Linktor.Bench.Measure;
using Linktor.Bench.Reports;

namespace Linktor.Bench.Scenarios;

/// <summary>What every scenario shares: the provisioned servers, the options, and how to measure a round.</summary>
public sealed class ScenarioContext(BenchEnvironment env, BenchOptions options, GcHeapProbe heap)
{
    public BenchEnvironment Env { get; } = env;

    public BenchOptions Options { get; } = options;

    public GcHeapProbe Heap { get; } = heap;

    /// <summary>A tag unique to this run (slugs, emails), so reruns never collide.</summary>
    public string RunTag { get; } = DateTime.UtcNow.ToString("MMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public MeasuredProcess Generator { get; } = MeasuredProcess.Single("generator", () => Environment.ProcessId);

    public MeasuredProcess Postgres { get; } = new PostgresProcesses(() => PostgresProcesses.ReadPostmasterPid(env.PostgresDataDirectory));

    public MeasuredProcess Redis { get; } = MeasuredProcess.Single("redis", () => env.RedisPid);

    public static void Say(string message) => Console.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>A Linktor node on a fresh database of its own (<c>bench_&lt;scenario&gt;</c>).</summary>
    public async Task<LinktorNode> StartLinktorAsync(string scenario, CancellationToken ct)
    {
        var db = await Databases.RecreateAsync(Env.PostgresAdmin, $"bench_{scenario}", ct);
        Say($"starting Linktor for '{scenario}'...");
        var node = await LinktorNode.StartAsync(Env, scenario, db, ct);
        Say($"Linktor ready on {node.BaseUrl} (pid {node.Pid}, log {node.LogPath})");
        return node;
    }

    /// <summary>The processes a round reports: the system under test first, then the shared servers and the generator.</summary>
    public IReadOnlyList<MeasuredProcess> Processes(params MeasuredProcess[] systems) => [.. systems, Postgres, Redis, Generator];

    /// <summary>Runs one round of load while watching the processes.</summary>
    public async Task<RoundReport> RoundAsync(string name, string system, LoadPlan plan, IReadOnlyList<MeasuredProcess> processes, CancellationToken ct)
    {
        Say($"round '{name}' ({system}, {(plan.Rate is { } r ? $"open loop {r:0}/s" : "closed loop")}, {plan.Connections} connections, {plan.Duration.TotalSeconds:0} s)...");
        await using var monitor = ResourceMonitor.Start(processes);
        var load = await LoadRunner.RunAsync(plan, ct);
        var usage = await monitor.StopAsync();
        var round = RoundReport.From(name, system, load, usage);
        Say($"  {load.Ok:#,0} ok of {load.Completed:#,0} ({load.Throughput:#,0.#}/s), errors {load.Errors:#,0}, p50 {load.Latency.P50:0.##} ms, p99 {load.Latency.P99:0.##} ms, max {load.Latency.Max:0.##} ms");
        return round;
    }

    /// <summary>Watches the processes while <paramref name="work"/> runs (no HTTP load of the generator's own).</summary>
    public async Task<(T Result, IReadOnlyList<ProcessUsage> Usage, double Seconds)> ObserveAsync<T>(IReadOnlyList<MeasuredProcess> processes, Func<Task<T>> work)
    {
        var started = Stopwatch.GetTimestamp();
        await using var monitor = ResourceMonitor.Start(processes);
        var result = await work();
        return (result, await monitor.StopAsync(), Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
