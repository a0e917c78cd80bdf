using System.Text;
using Linktor.Bench.Api;
using Linktor.Bench.Infrastructure;
using Linktor.Bench.Load;
using Linktor.Bench.Measure;
using Linktor.Bench.Reports;

namespace Linktor.Bench.Scenarios;

/// <summary>
/// Many conversations on one silo: the memory each leaves resident once activated by a message, and
/// the latency of the first message to a conversation that is not active (after a restart).
/// </summary>
public sealed class IdleScenario : IScenario
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    public string Name => "idle";

    public string Title => "idle conversation activations: memory each, and the first message to a cold one";

    public string Description =>
        "One tenant's `webchat` channel gets N contacts and conversations through the REST API. The node is restarted (every grain cold), warmed "
        + "up on a few of them, and its memory read once settled (RSS; live managed heap after a full GC via dotnet-gcdump). Then one message goes to "
        + "each other conversation (`POST …/messages`, closed loop), which activates it, and memory is read again: the difference divided by the "
        + "activations is the cost of an idle conversation. The node is restarted again and first messages go, open loop at fixed rates, to "
        + "conversations not active since (each one once); latency from each request's due time to its 202.";

    public IReadOnlyList<string> Settings => ["idle-conversations", "cold-rates", "round-seconds", "connections", "open-connections"];

    public async Task RunAsync(ScenarioContext context, ScenarioReport report, CancellationToken ct)
    {
        var o = context.Options;
        var total = o.Int("idle-conversations");
        await using var linktor = await context.StartLinktorAsync(Name, ct);
        var processes = context.Processes(MeasuredProcess.Single("linktor", () => linktor.Pid));
        var api = new LinktorApi(linktor.Http);
        var tenant = await api.CreateTenantAsync(linktor.PlatformKey, $"idle-{context.RunTag}", ct);
        var (channel, _) = await api.CreateChannelAsync(tenant.ApiKey, "webchat", "Bench web chat", null, null, ct);

        ScenarioContext.Say($"creating {total:#,0} contacts and conversations...");
        var done = 0;
        var (conversations, setupUsage, setupSeconds) = await context.ObserveAsync(processes, () => LinktorApi.ForEachAsync(total, 32, async (_, token) =>
        {
            var id = await api.CreateConversationAsync(tenant.ApiKey, channel, Guid.NewGuid().ToString(), token);
            if (Interlocked.Increment(ref done) % Math.Max(1, total / 10) == 0)
            {
                ScenarioContext.Say($"  {done:#,0} of {total:#,0}");
            }

            return id;
        }, ct));
        report.Rounds.Add(RoundReport.Observation($"create {total:#,0} contacts + conversations (REST)", "linktor", setupSeconds, setupUsage));
        report.Figures.Add(new Figure("conversations created per second (contact + conversation, 32 in flight)", Math.Round(total / setupSeconds, 1), "/s"));

        var body = Encoding.UTF8.GetBytes("""{"content":{"type":"text","text":"bench: first message"}}""");
        var requests = conversations.Select(id => HttpRequestBytes.Encode("POST", linktor.Host, $"/api/v1/conversations/{id}/messages", tenant.ApiKey, body)).ToArray();
        var warm = Math.Clamp(total / 50, 10, 1000);

        ScenarioContext.Say("restarting the node: every conversation is cold...");
        await linktor.RestartAsync(ct);
        report.Rounds.Add(await context.RoundAsync($"warm-up: {warm} conversations", "linktor", OneEach(linktor, requests, 0, warm, 16), processes, ct));

        var memory = new ReportTable("Node memory", "when", "active conversations", "RSS MB", "live GC heap MB");
        var rssBefore = await Settling.RssAsync(() => linktor.Pid, Settle, ct);
        var heapBefore = await context.Heap.ReadAsync(linktor.Pid!.Value, "idle-before", ct);
        memory.Add("after restart and warm-up", warm, ConnectionsScenario.Mb(rssBefore), ConnectionsScenario.Mb(heapBefore?.LiveBytes));

        var activations = total - warm;
        var activate = await context.RoundAsync($"activate {activations:#,0}: one message each (closed loop)", "linktor",
            OneEach(linktor, requests, warm, activations, o.Int("connections")), processes, ct);
        report.Rounds.Add(activate);
        SendScenario.AddGeneratorShare(report, activate);
        var (after, holdUsage, holdSeconds) = await context.ObserveAsync(processes, async () =>
        {
            var rss = await Settling.RssAsync(() => linktor.Pid, Settle, ct);
            var heap = await context.Heap.ReadAsync(linktor.Pid!.Value, "idle-after", ct);
            return (Rss: rss, Heap: heap);
        });
        report.Rounds.Add(RoundReport.Observation("idle (memory settles, heap read)", "linktor", holdSeconds, holdUsage));
        memory.Add("after activating the rest", warm + activate.Ok, ConnectionsScenario.Mb(after.Rss), ConnectionsScenario.Mb(after.Heap?.LiveBytes));
        report.Tables.Add(memory);
        double? Per(long? before, long? afterBytes) => before is { } b && afterBytes is { } a && activate.Ok > 0 ? Math.Round((a - b) / 1024.0 / activate.Ok, 3) : null;
        report.Figures.Add(Figure.AtMost("node RSS per idle activated conversation", Per(rssBefore, after.Rss), "KB", 5));
        report.Figures.Add(Figure.AtMost("node live GC heap per idle activated conversation", Per(heapBefore?.LiveBytes, after.Heap?.LiveBytes), "KB", 5));
        report.Figures.Add(new Figure("conversations activated", activate.Ok, $"of {activations:#,0}", $"{activations:#,0}", activate.Ok == activations));
        if (heapBefore is not null && after.Heap is not null)
        {
            report.Tables.Add(ConnectionsScenario.HeapGrowth(heapBefore, after.Heap, (int)activate.Ok));
        }

        ScenarioContext.Say("restarting the node again: first messages to cold conversations...");
        await linktor.RestartAsync(ct);
        report.Rounds.Add(await context.RoundAsync($"warm-up: {warm} conversations", "linktor", OneEach(linktor, requests, 0, warm, 16), processes, ct));
        var cold = new ReportTable("First message to a cold conversation (open loop; each conversation once)", "rate/s", "messages", "2xx/s", "p50 ms", "p90 ms", "p99 ms", "max ms");
        var next = warm;
        foreach (var rate in o.Rates("cold-rates"))
        {
            var count = Math.Min((int)(rate * o.Seconds("round-seconds").TotalSeconds), total - next);
            if (count <= 0)
            {
                report.Notes.Add($"No cold conversations were left for {rate:0}/s: raise idle-conversations.");
                break;
            }

            var offset = next;
            var round = await context.RoundAsync($"cold first message {rate:0}/s", "linktor", new LoadPlan
            {
                Endpoint = linktor.Endpoint, Connections = o.Int("open-connections"), Duration = TimeSpan.FromSeconds(count / rate), Rate = rate,
                MaxRequests = count, Request = (i, _) => requests[offset + i],
            }, processes, ct);
            next += count;
            report.Rounds.Add(round);
            cold.Add(rate, round.Requests, round.Throughput, round.Latency.P50, round.Latency.P90, round.Latency.P99, round.Latency.Max);
            report.Figures.Add(Figure.AtMost($"first message to a cold conversation, p99 at {rate:0}/s", round.Latency.Count > 0 ? round.Latency.P99 : null, "ms", 20));
            report.Figures.Add(new Figure($"first message to a cold conversation, p50 at {rate:0}/s", round.Latency.Count > 0 ? round.Latency.P50 : null, "ms"));
        }

        report.Tables.Add(cold);
        report.Notes.Add("'Per idle activated conversation' is everything a conversation's first message leaves resident on the node (its conversation "
            + "grain and whatever else the send path keeps per conversation), read as the difference over all of them; contacts were created before "
            + "the restart, so their grains are not in it unless the send path activates them.");
        if (!context.Heap.Available)
        {
            report.Notes.Add("dotnet-gcdump was not available: the heap figures are missing.");
        }
    }

    /// <summary>A closed loop that sends one request to each of <paramref name="count"/> conversations from <paramref name="offset"/>, then stops.</summary>
    private static LoadPlan OneEach(LinktorNode node, byte[][] requests, int offset, int count, int connections) => new()
    {
        Endpoint = node.Endpoint, Connections = connections, Duration = TimeSpan.FromHours(1), MaxRequests = count,
        Request = (i, _) => requests[offset + i],
    };
}
