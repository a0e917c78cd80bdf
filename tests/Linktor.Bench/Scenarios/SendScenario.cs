using System.Text;
using Linktor.Bench.Api;
using Linktor.Bench.Infrastructure;
using Linktor.Bench.Load;
using Linktor.Bench.Measure;
using Linktor.Bench.Reports;

namespace Linktor.Bench.Scenarios;

/// <summary>
/// The send path beside the baseline: the same request body, the same PostgreSQL server, the same
/// generator, rounds alternating between the two so drift on a shared machine hits both alike.
/// </summary>
public sealed class SendScenario : IScenario
{
    private const string Body = """{"content":{"type":"text","text":"bench send: hello from the load generator"}}""";

    public string Name => "send";

    public string Title => "POST /conversations/{id}/messages, Linktor beside the one-transaction baseline";

    public string Description =>
        "Tenants are created with the platform key, each with an admin API key, a `webchat` channel and its conversations (a contact each). "
        + "Every request is `POST /api/v1/conversations/{id}/messages {\"content\":{\"type\":\"text\",…}}` with the tenant's key, going round the "
        + "conversations; Linktor answers 202 after the message is committed, the baseline (tests/Linktor.Bench.Baseline) after its one "
        + "transaction (UPDATE … RETURNING last_seq, INSERT, COMMIT) on the same server with synchronous_commit on. Closed-loop rounds alternate "
        + "Linktor/baseline; then one hot conversation, a sustained Linktor round, and open loops at fixed rates for both.";

    public IReadOnlyList<string> Settings =>
        ["round-seconds", "warmup-seconds", "sustained-seconds", "pairs", "connections", "open-connections", "tenants", "conversations-per-tenant", "send-rates"];

    public async Task RunAsync(ScenarioContext context, ScenarioReport report, CancellationToken ct)
    {
        var o = context.Options;
        await using var linktor = await context.StartLinktorAsync(Name, ct);
        var baselineDb = await Databases.RecreateAsync(context.Env.PostgresAdmin, "bench_baseline", ct);
        await using var baseline = await BaselineNode.StartAsync(context.Env, baselineDb, ct);
        var linktorProcess = MeasuredProcess.Single("linktor", () => linktor.Pid);
        var baselineProcess = MeasuredProcess.Single("baseline", () => baseline.Pid);
        var processes = context.Processes(linktorProcess, baselineProcess);

        var tenants = o.Int("tenants");
        var perTenant = o.Int("conversations-per-tenant");
        ScenarioContext.Say($"setting up {tenants} tenants × {perTenant} conversations on Linktor and on the baseline...");
        var linktorRequests = await LinktorTargetsAsync(context, linktor, tenants, perTenant, ct);
        var baselineRequests = await BaselineTargetsAsync(baseline, tenants, perTenant, ct);
        report.Settings["conversations"] = $"{linktorRequests.Length} ({tenants} tenants × {perTenant})";

        var closed = o.Int("connections");
        var round = o.Seconds("round-seconds");
        LoadPlan Closed(System.Net.IPEndPoint endpoint, byte[][] requests, TimeSpan duration) => new()
        {
            Endpoint = endpoint, Connections = closed, Duration = duration, Request = (i, _) => requests[i % requests.Length],
        };

        // Warm-up: JIT, pools, and every conversation grain activated before anything is measured.
        report.Rounds.Add(await context.RoundAsync("warm-up", "linktor", Closed(linktor.Endpoint, linktorRequests, o.Seconds("warmup-seconds")), processes, ct));
        report.Rounds.Add(await context.RoundAsync("warm-up", "baseline", Closed(baseline.Endpoint, baselineRequests, o.Seconds("warmup-seconds")), processes, ct));

        // The instrument's own floor: the cheapest route there is (the baseline's GET /health, no database), as fast as it answers.
        // Its generator CPU per answer is what every other round's generator share should be read against.
        var health = HttpRequestBytes.Encode("GET", baseline.Host, "/health", null, null);
        var floor = await context.RoundAsync("HTTP floor: GET /health", "baseline", new LoadPlan
        {
            Endpoint = baseline.Endpoint, Connections = closed, Duration = o.Seconds("warmup-seconds"), Request = (_, _) => health,
        }, processes, ct);
        report.Rounds.Add(floor);
        if (floor.Processes.FirstOrDefault(p => p.Name == "generator") is { } generator && floor.Requests > 0)
        {
            report.Figures.Add(new Figure("generator CPU per answer at the HTTP floor (GET /health, closed loop)", Math.Round(generator.CpuSeconds * 1e6 / floor.Requests, 1), "µs"));
            report.Figures.Add(new Figure("HTTP floor: GET /health answers/s (the baseline app, no database)", floor.Throughput, "/s"));
        }

        var pairs = new ReportTable("Linktor ÷ baseline, closed loop", "round pair", "Linktor 2xx/s", "baseline 2xx/s", "Linktor ÷ baseline", "Linktor p99 ms", "baseline p99 ms");
        var ratios = new List<double>();
        for (var p = 1; p <= o.Int("pairs"); p++)
        {
            var l = await context.RoundAsync($"closed #{p}", "linktor", Closed(linktor.Endpoint, linktorRequests, round), processes, ct);
            var b = await context.RoundAsync($"closed #{p}", "baseline", Closed(baseline.Endpoint, baselineRequests, round), processes, ct);
            report.Rounds.AddRange([l, b]);
            var ratio = Ratio(l.Throughput, b.Throughput);
            ratios.Add(ratio);
            pairs.Add($"#{p} ({closed} connections)", l.Throughput, b.Throughput, ratio, l.Latency.P99, b.Latency.P99);
        }

        var hotL = await context.RoundAsync("hot conversation", "linktor", Closed(linktor.Endpoint, [linktorRequests[0]], round), processes, ct);
        var hotB = await context.RoundAsync("hot conversation", "baseline", Closed(baseline.Endpoint, [baselineRequests[0]], round), processes, ct);
        report.Rounds.AddRange([hotL, hotB]);
        pairs.Add("one hot conversation", hotL.Throughput, hotB.Throughput, Ratio(hotL.Throughput, hotB.Throughput), hotL.Latency.P99, hotB.Latency.P99);
        report.Tables.Add(pairs);

        var sustained = await context.RoundAsync("sustained", "linktor", Closed(linktor.Endpoint, linktorRequests, o.Seconds("sustained-seconds")), processes, ct);
        report.Rounds.Add(sustained);

        var open = new ReportTable("Open loop (latency from each request's due time)", "rate/s", "Linktor 2xx/s", "baseline 2xx/s", "Linktor p50 ms", "Linktor p99 ms", "baseline p50 ms", "baseline p99 ms", "Linktor ÷ baseline p99");
        var p99At = new Dictionary<double, double>();
        foreach (var rate in o.Rates("send-rates"))
        {
            LoadPlan Open(System.Net.IPEndPoint endpoint, byte[][] requests) => new()
            {
                Endpoint = endpoint, Connections = o.Int("open-connections"), Duration = round, Rate = rate, Request = (i, _) => requests[i % requests.Length],
            };
            var l = await context.RoundAsync($"open {rate:0}/s", "linktor", Open(linktor.Endpoint, linktorRequests), processes, ct);
            var b = await context.RoundAsync($"open {rate:0}/s", "baseline", Open(baseline.Endpoint, baselineRequests), processes, ct);
            report.Rounds.AddRange([l, b]);
            p99At[rate] = l.Latency.P99;
            open.Add(rate, l.Throughput, b.Throughput, l.Latency.P50, l.Latency.P99, b.Latency.P50, b.Latency.P99, Ratio(l.Latency.P99, b.Latency.P99));
        }

        report.Tables.Add(open);
        report.Figures.Add(Figure.AtLeast($"sends/s sustained {o.Seconds("sustained-seconds").TotalSeconds:0} s (closed loop, {closed} connections)", sustained.Throughput, "/s", 10_000));
        report.Figures.Add(Figure.AtLeast("Linktor ÷ baseline, closed loop (mean of the round pairs)", Math.Round(ratios.Average(), 2), "×", 4));
        foreach (var (rate, p99) in p99At)
        {
            report.Figures.Add(rate == 5000 ? Figure.AtMost("p99 at 5,000/s (open loop)", p99, "ms", 50) : new Figure($"p99 at {rate:#,0}/s (open loop)", p99, "ms"));
        }

        report.Figures.Add(new Figure("sustained-round errors", sustained.Requests - sustained.Ok + sustained.Unsent, ""));
        AddGeneratorShare(report, sustained);
    }

    /// <summary>The generator's CPU beside the server's in the sustained round: how much of the machine the instrument took.</summary>
    internal static void AddGeneratorShare(ScenarioReport report, RoundReport round, string system = "linktor")
    {
        var generator = round.Processes.FirstOrDefault(p => p.Name == "generator");
        var server = round.Processes.FirstOrDefault(p => p.Name == system);
        if (generator is null || server is null)
        {
            return;
        }

        report.Figures.Add(new Figure($"generator CPU ÷ {system} CPU ('{round.Name}' round)", Math.Round(Ratio(generator.CpuCores, server.CpuCores), 3), "×"));
        report.Notes.Add($"In the '{round.Name}' round the generator used {generator.CpuCores:0.###} cores against {server.CpuCores:0.###} for {system} "
            + $"({round.Requests:#,0} answers: {generator.CpuSeconds * 1e6 / Math.Max(1, round.Requests):0.#} µs of generator CPU each).");
    }

    internal static double Ratio(double a, double b) => b > 0 ? Math.Round(a / b, 2) : double.NaN;

    private static async Task<byte[][]> LinktorTargetsAsync(ScenarioContext context, LinktorNode node, int tenants, int perTenant, CancellationToken ct)
    {
        var api = new LinktorApi(node.Http);
        var body = Encoding.UTF8.GetBytes(Body);
        var perTenantRequests = await LinktorApi.ForEachAsync(tenants, 4, async (t, token) =>
        {
            var tenant = await api.CreateTenantAsync(node.PlatformKey, $"send-{context.RunTag}-{t}", token);
            var (channel, _) = await api.CreateChannelAsync(tenant.ApiKey, "webchat", "Bench web chat", null, null, token);
            var requests = new List<byte[]>();
            for (var c = 0; c < perTenant; c++)
            {
                var conversation = await api.CreateConversationAsync(tenant.ApiKey, channel, Guid.NewGuid().ToString(), token);
                requests.Add(HttpRequestBytes.Encode("POST", node.Host, $"/api/v1/conversations/{conversation}/messages", tenant.ApiKey, body));
            }

            return requests;
        }, ct);

        // Interleave tenants, so consecutive requests go to different tenants and conversations.
        return [.. Enumerable.Range(0, perTenant).SelectMany(c => perTenantRequests.Select(t => t[c]))];
    }

    private static async Task<byte[][]> BaselineTargetsAsync(BaselineNode node, int tenants, int perTenant, CancellationToken ct)
    {
        var api = new LinktorApi(node.Http);
        var body = Encoding.UTF8.GetBytes(Body);
        var perTenantRequests = await LinktorApi.ForEachAsync(tenants, 4, async (_, token) =>
        {
            var key = (await api.PostAsync("/api/v1/tenants", node.PlatformKey, new { }, token)).GetProperty("api_key").GetString()!;
            var requests = new List<byte[]>();
            for (var c = 0; c < perTenant; c++)
            {
                var conversation = (await api.PostAsync("/api/v1/conversations", key, new { }, token)).GetProperty("id").GetString()!;
                requests.Add(HttpRequestBytes.Encode("POST", node.Host, $"/api/v1/conversations/{conversation}/messages", key, body));
            }

            return requests;
        }, ct);
        return [.. Enumerable.Range(0, perTenant).SelectMany(c => perTenantRequests.Select(t => t[c]))];
    }
}
