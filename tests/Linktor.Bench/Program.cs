// Linktor benchmark driver and load generator; run it through ./bench.sh, which provisions PostgreSQL
// and Redis, builds Release and passes their details in BENCH_* variables.
//
//   ./bench.sh [--quick] [--out DIR] [--<option> value ...] [scenario ...]
//   dotnet Linktor.Bench.dll fake-providers --port P --latency-ms L     (started by the driver itself)
//
// Each scenario starts what it measures (a Linktor node on a fresh database, the baseline, the fake
// providers), runs its rounds and writes <scenario>-<date>.md and .json.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Linktor.Bench.Fakes;
using Linktor.Bench.Infrastructure;
using Linktor.Bench.Measure;
using Linktor.Bench.Reports;
using Linktor.Bench.Scenarios;

if (args is ["fake-providers", ..])
{
    var at = (string name) => int.Parse(args[Array.IndexOf(args, name) + 1], CultureInfo.InvariantCulture);
    return await FakeProviderServer.RunAsync(at("--port"), at("--latency-ms"));
}

IScenario[] scenarios = [new SendScenario(), new InboundScenario(), new FanoutScenario(), new ConnectionsScenario(), new IdleScenario(), new ProviderScenario()];
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("./bench.sh [--quick] [--out DIR] [options] [" + string.Join(" | ", scenarios.Select(s => s.Name)) + " ...]\n\nOptions:\n" + BenchOptions.Usage());
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args, [.. scenarios.Select(s => s.Name)]);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var env = BenchEnvironment.FromEnvironment();
Directory.CreateDirectory(env.LogDirectory);
PidRegistry.Use(Path.Combine(env.WorkDirectory, "children.pids"));

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

var machine = MachineInfo.Read();
var versions = VersionInfo.FromEnvironment();
var fsync = await Databases.SettingAsync(env.PostgresAdmin, "fsync", stop.Token);
var synchronousCommit = await Databases.SettingAsync(env.PostgresAdmin, "synchronous_commit", stop.Token);
var output = options.OutputDirectory ?? (options.Quick ? Path.Combine(env.WorkDirectory, "reports") : Path.Combine(env.RepoRoot, "docs", "benchmarks"));
var context = new ScenarioContext(env, options, new GcHeapProbe(env.ToolsDirectory, env.WorkDirectory));
ScenarioContext.Say($"{machine.CpuModel}, {machine.Cores} cores, {machine.MemoryGb} GiB; PostgreSQL fsync={fsync}, synchronous_commit={synchronousCommit}"
    + (options.Quick ? "; --quick: a harness check, not a measurement" : ""));

var failed = 0;
foreach (var scenario in scenarios.Where(s => options.Scenarios.Contains(s.Name)))
{
    if (stop.IsCancellationRequested)
    {
        break;
    }

    var report = new ScenarioReport(scenario.Name, scenario.Title, scenario.Description) { HarnessCheck = options.Quick, Machine = machine, Versions = versions };
    foreach (var name in scenario.Settings)
    {
        report.Settings[name] = options.Values[name];
    }

    report.Settings["mode"] = options.Quick ? "--quick (harness check)" : "full";
    report.Settings["postgresql fsync / synchronous_commit"] = $"{fsync} / {synchronousCommit}";
    report.Settings["generator"] = "raw HTTP/1.1 keep-alive sockets, pre-encoded requests (tests/Linktor.Bench); SignalR JSON over ClientWebSocket";
    ScenarioContext.Say($"=== {scenario.Name}: {scenario.Title}");
    var clock = Stopwatch.StartNew();
    try
    {
        await scenario.RunAsync(context, report, stop.Token);
    }
    catch (Exception ex)
    {
        if (stop.IsCancellationRequested)
        {
            report.Failure = "interrupted (Ctrl-C or SIGTERM); the rounds before it are complete";
            ScenarioContext.Say($"{scenario.Name} interrupted");
        }
        else
        {
            failed++;
            report.Failure = ex.Message;
            ScenarioContext.Say($"{scenario.Name} FAILED: {ex}");
        }
    }

    report.WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
    var (md, json) = ReportWriter.Write(report, output);
    ScenarioContext.Say($"{scenario.Name}: {md} and {json}");
    foreach (var f in report.Figures)
    {
        var met = f.Met switch { true => "  (target met)", false => "  (target NOT met)", null => "" };
        ScenarioContext.Say($"  {f.Name}: {(f.Value is { } v ? ReportFormat.Number(v) : "–")} {f.Unit} {(f.Target is null ? "" : "target " + f.Target)}{met}");
    }
}

return stop.IsCancellationRequested ? 130 : failed == 0 ? 0 : 1;
