using System.Diagnostics;
using Linktor.Bench.Api;
using Linktor.Bench.Infrastructure;
using Linktor.Bench.Measure;
using Linktor.Bench.Realtime;
using Linktor.Bench.Reports;

namespace Linktor.Bench.Scenarios;

/// <summary>
/// Idle agent connections on one API node: memory before and after opening them, per connection;
/// then one tenant event to check they are all alive.
/// </summary>
public sealed class ConnectionsScenario : IScenario
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    public string Name => "connections";

    public string Title => "idle /hubs/inbox connections on one node: memory per connection";

    public string Description =>
        "Agents of one tenant (`POST /api/v1/users`, signed in) each open many `/hubs/inbox` connections: WebSockets straight to the hub "
        + "(no negotiate, as SignalR's SkipNegotiation), the token in `access_token`, the SignalR JSON protocol spoken over a bare ClientWebSocket, "
        + "a ping every 10 s. The node's memory is read once it settles before and after: RSS (/proc), and the live managed heap after a full "
        + "GC (dotnet-gcdump, which induces the GC through the diagnostics port). Then one send to a conversation of the tenant must reach every "
        + "connection as `conversation.updated`.";

    public IReadOnlyList<string> Settings => ["sockets", "sockets-per-user"];

    public async Task RunAsync(ScenarioContext context, ScenarioReport report, CancellationToken ct)
    {
        var o = context.Options;
        var total = o.Int("sockets");
        var perUser = o.Int("sockets-per-user");
        await using var linktor = await context.StartLinktorAsync(Name, ct);
        var linktorProcess = MeasuredProcess.Single("linktor", () => linktor.Pid);
        var processes = context.Processes(linktorProcess);
        var api = new LinktorApi(linktor.Http);
        var tenant = await api.CreateTenantAsync(linktor.PlatformKey, $"conn-{context.RunTag}", ct);
        var (channel, _) = await api.CreateChannelAsync(tenant.ApiKey, "webchat", "Bench web chat", null, null, ct);
        var conversation = await api.CreateConversationAsync(tenant.ApiKey, channel, Guid.NewGuid().ToString(), ct);
        var users = (total + perUser - 1) / perUser;
        ScenarioContext.Say($"creating and signing in {users} agents...");
        var tokens = await LinktorApi.ForEachAsync(users, 4, async (i, token) =>
        {
            var email = $"agent{i}@conn-{context.RunTag}.bench";
            var password = "Pw-" + Guid.NewGuid().ToString("N");
            await api.CreateUserAsync(tenant.ApiKey, email, password, token);
            return await api.LoginAsync(email, password, token);
        }, ct);

        // A few connections opened and closed first, so that what is measured is not the first connection's one-time cost (JIT, pools).
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ => await (await InboxSocket.ConnectAsync(linktor.BaseUrl, tokens[0], null, ct)).DisposeAsync().AsTask()));

        var memory = new ReportTable("Node memory", "when", "connections", "RSS MB", "live GC heap MB", "generator RSS MB");
        var rssBefore = await Settling.RssAsync(() => linktor.Pid, Settle, ct);
        var heapBefore = await context.Heap.ReadAsync(linktor.Pid!.Value, "connections-before", ct);
        var generatorBefore = ProcStat.StatusBytes(Environment.ProcessId, "VmRSS");
        memory.Add("before", 0, Mb(rssBefore), Mb(heapBefore?.LiveBytes), Mb(generatorBefore));

        var received = new int[total];
        var sockets = new InboxSocket?[total];
        var failures = 0;
        string? firstFailure = null;
        ScenarioContext.Say($"opening {total:#,0} connections ({users} agents × up to {perUser})...");
        var clock = Stopwatch.StartNew();
        var (_, connectUsage, connectSeconds) = await context.ObserveAsync(processes, async () =>
        {
            await Parallel.ForAsync(0, total, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = ct }, async (i, token) =>
            {
                var slot = i;
                try
                {
                    sockets[i] = await InboxSocket.ConnectAsync(linktor.BaseUrl, tokens[i / perUser], (target, _, _) =>
                    {
                        if (target == "conversation.updated")
                        {
                            Interlocked.Exchange(ref received[slot], 1);
                        }
                    }, token, bufferBytes: 1024);
                }
                catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or InvalidOperationException or HttpRequestException or IOException)
                {
                    if (Interlocked.Increment(ref failures) == 1)
                    {
                        firstFailure = ex.Message;
                    }
                }
            });
            return 0;
        });
        var open = sockets.OfType<InboxSocket>().ToList();
        using var pings = PingLoop.Start(open);
        ScenarioContext.Say($"  {open.Count:#,0} open in {clock.Elapsed.TotalSeconds:0.#} s ({failures} failed{(firstFailure is null ? "" : ": " + firstFailure)})");
        report.Rounds.Add(RoundReport.Observation($"open {total:#,0} connections", "linktor", connectSeconds, connectUsage));

        var (after, holdUsage, holdSeconds) = await context.ObserveAsync(processes, async () =>
        {
            var rss = await Settling.RssAsync(() => linktor.Pid, Settle, ct);
            var heap = await context.Heap.ReadAsync(linktor.Pid!.Value, "connections-after", ct);
            return (Rss: rss, Heap: heap);
        });
        report.Rounds.Add(RoundReport.Observation($"hold {open.Count:#,0} idle connections (memory settles, heap read)", "linktor", holdSeconds, holdUsage));
        var generatorAfter = ProcStat.StatusBytes(Environment.ProcessId, "VmRSS");
        var alive = open.Count(s => s.IsOpen);
        memory.Add("after", alive, Mb(after.Rss), Mb(after.Heap?.LiveBytes), Mb(generatorAfter));

        // Every connection is of the tenant: one send must reach them all as a conversation-list event.
        await api.PostAsync($"/api/v1/conversations/{conversation}/messages", tenant.ApiKey, new { content = new { type = "text", text = "bench: are you there?" } }, ct);
        await Waiting.UntilAsync(() => received.Sum() >= alive, TimeSpan.FromSeconds(60), ct);
        var reached = received.Sum();

        double? PerConnection(long? before, long? afterBytes) => before is { } b && afterBytes is { } a && open.Count > 0 ? Math.Round((a - b) / 1024.0 / open.Count, 2) : null;
        var rssPer = PerConnection(rssBefore, after.Rss);
        var heapPer = PerConnection(heapBefore?.LiveBytes, after.Heap?.LiveBytes);
        report.Figures.Add(Figure.AtMost("node RSS per idle connection", rssPer, "KB", 20));
        report.Figures.Add(Figure.AtMost("node live GC heap per idle connection", heapPer, "KB", 20));
        report.Figures.Add(new Figure("connections opened", open.Count, $"of {total:#,0}", $"{total:#,0}", open.Count == total));
        report.Figures.Add(new Figure("connections open after the hold", alive, "", $"{open.Count:#,0}", alive == open.Count));
        report.Figures.Add(new Figure("connections that received the tenant event", reached, "", $"{alive:#,0}", reached >= alive));
        report.Figures.Add(new Figure("connections opened per second", Math.Round(open.Count / Math.Max(0.001, connectSeconds)), "/s"));
        report.Figures.Add(new Figure("generator RSS per connection (client side)", PerConnection(generatorBefore, generatorAfter), "KB"));

        await Task.WhenAll(open.Select(s => s.DisposeAsync().AsTask()));
        var rssClosed = await Settling.RssAsync(() => linktor.Pid, Settle, ct);
        memory.Add("after closing them", 0, Mb(rssClosed), null, Mb(ProcStat.StatusBytes(Environment.ProcessId, "VmRSS")));
        report.Tables.Add(memory);
        if (after.Heap is { } heapAfter && heapBefore is not null)
        {
            report.Tables.Add(HeapGrowth(heapBefore, heapAfter, open.Count));
        }

        if (!context.Heap.Available)
        {
            report.Notes.Add("dotnet-gcdump was not available: the heap figures are missing (bench.sh installs it under .linktor/bench/tools).");
        }

        report.Notes.Add("RSS includes the GC's reserve and freed-but-kept pages, so it moves in steps; the live heap after a forced full GC is the steadier figure.");
    }

    /// <summary>The types that grew most between two heap readings, per item (connection, activation).</summary>
    internal static ReportTable HeapGrowth(GcHeapReading before, GcHeapReading after, int count)
    {
        var table = new ReportTable($"Live heap growth by type (the 15 that grew most; per item over {count:#,0})", "type", "bytes before", "bytes after", "objects after", "bytes per item", "objects per item");
        var was = before.Types.GroupBy(t => t.Type).ToDictionary(g => g.Key, g => (Bytes: g.Sum(t => t.Bytes), Count: g.Sum(t => t.Count)));
        var grown = after.Types.GroupBy(t => t.Type)
            .Select(g => (Type: g.Key, Bytes: g.Sum(t => t.Bytes), Count: g.Sum(t => t.Count), Before: was.GetValueOrDefault(g.Key)))
            .OrderByDescending(t => t.Bytes - t.Before.Bytes)
            .Take(15);
        foreach (var t in grown)
        {
            table.Add(t.Type.Replace("|", "\\|", StringComparison.Ordinal), t.Before.Bytes, t.Bytes, t.Count,
                count > 0 ? Math.Round((t.Bytes - t.Before.Bytes) / (double)count, 1) : null,
                count > 0 ? Math.Round((t.Count - t.Before.Count) / (double)count, 2) : null);
        }

        return table;
    }

    internal static double? Mb(long? bytes) => bytes is { } b ? ResourceMonitor.Mb(b) : null;
}
