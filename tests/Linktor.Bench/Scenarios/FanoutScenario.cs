using System.Diagnostics;
using System.Text;
using Linktor.Bench.Api;
using Linktor.Bench.Infrastructure;
using Linktor.Bench.Load;
using Linktor.Bench.Measure;
using Linktor.Bench.Realtime;
using Linktor.Bench.Reports;

namespace Linktor.Bench.Scenarios;

/// <summary>
/// One tenant's agents all connected: every send becomes a conversation-list event for each of them.
/// Measures, per send, how long until the last agent had it, and the events delivered per second.
/// </summary>
public sealed class FanoutScenario : IScenario
{
    private static readonly TimeSpan DeliveryDeadline = TimeSpan.FromSeconds(30);

    public string Name => "fanout";

    public string Title => "one send → every connected agent of the tenant (SignalR fan-out)";

    public string Description =>
        "One tenant with many agents (`POST /api/v1/users`, each signed in with `POST /api/v1/auth/login`, each with one `/hubs/inbox` connection); "
        + "sends (`POST /api/v1/conversations/{id}/messages`) go open loop at fixed rates into a few of the tenant's conversations. Per API.md every "
        + "agent receives the conversation-list event of each (`conversation.updated`; `message.created` too would count): a send is delivered to an "
        + "agent by the first event for its conversation with `last_seq` ≥ the send's seq. Latency runs from the send's due time.";

    public IReadOnlyList<string> Settings => ["round-seconds", "open-connections", "agents", "fanout-rates", "fanout-conversations"];

    public async Task RunAsync(ScenarioContext context, ScenarioReport report, CancellationToken ct)
    {
        var o = context.Options;
        await using var linktor = await context.StartLinktorAsync(Name, ct);
        var processes = context.Processes(MeasuredProcess.Single("linktor", () => linktor.Pid));
        var api = new LinktorApi(linktor.Http);
        var tenant = await api.CreateTenantAsync(linktor.PlatformKey, $"fanout-{context.RunTag}", ct);
        var (channel, _) = await api.CreateChannelAsync(tenant.ApiKey, "webchat", "Bench web chat", null, null, ct);
        var conversationCount = o.Int("fanout-conversations");
        var conversations = await LinktorApi.ForEachAsync(conversationCount, 4,
            (_, token) => api.CreateConversationAsync(tenant.ApiKey, channel, Guid.NewGuid().ToString(), token), ct);
        var index = conversations.Select((id, i) => (Id: Guid.Parse(id), i)).ToDictionary(x => x.Id, x => x.i);

        var agentCount = o.Int("agents");
        ScenarioContext.Say($"creating and signing in {agentCount} agents...");
        var tokens = await LinktorApi.ForEachAsync(agentCount, 4, async (i, token) =>
        {
            var email = $"agent{i}@fanout-{context.RunTag}.bench";
            var password = "Pw-" + Guid.NewGuid().ToString("N");
            await api.CreateUserAsync(tenant.ApiKey, email, password, token);
            return await api.LoginAsync(email, password, token);
        }, ct);
        var agents = Enumerable.Range(0, agentCount).Select(_ => new AgentLog(index, conversationCount)).ToArray();
        ScenarioContext.Say($"connecting {agentCount} agents to /hubs/inbox...");
        var sockets = await LinktorApi.ForEachAsync(agentCount, 32,
            (i, token) => InboxSocket.ConnectAsync(linktor.BaseUrl, tokens[i], agents[i].OnEvent, token, bufferBytes: 16 * 1024), ct);
        using var pings = PingLoop.Start(sockets);
        var requests = conversations.Select(id => HttpRequestBytes.Encode("POST", linktor.Host, $"/api/v1/conversations/{id}/messages", tenant.ApiKey,
            Encoding.UTF8.GetBytes("""{"content":{"type":"text","text":"bench fanout"}}"""))).ToArray();
        try
        {
            var table = new ReportTable("Send → every agent (latency from the send's due time)",
                "sends/s", "agents", "sends", "delivered to all", "deliveries", "deliveries/s", "last agent p50 ms", "last agent p99 ms", "any agent p50 ms", "any agent p99 ms");

            // Warm-up: one send per conversation, and every agent must see it (the connections work).
            await MeasureAsync("warm-up", Math.Max(1, conversationCount), TimeSpan.FromSeconds(Math.Max(1, conversationCount / 5.0)));
            foreach (var rate in o.Rates("fanout-rates"))
            {
                var round = await MeasureAsync($"fan-out {rate:0} sends/s", rate, o.Seconds("round-seconds"));
                var d = (FanoutRound)round.Extra["fanout"];
                table.Add(rate, agentCount, d.Sends, d.DeliveredToAll, d.Deliveries, d.DeliveriesPerSecond, d.LastAgent.P50, d.LastAgent.P99, d.AnyAgent.P50, d.AnyAgent.P99);
                report.Figures.Add(new Figure($"last of {agentCount} agents received, p99 at {rate:0} sends/s", d.LastAgent.Count > 0 ? d.LastAgent.P99 : null, "ms"));
                report.Figures.Add(new Figure($"last of {agentCount} agents received, p50 at {rate:0} sends/s", d.LastAgent.Count > 0 ? d.LastAgent.P50 : null, "ms"));
                report.Figures.Add(new Figure($"events delivered/s at {rate:0} sends/s", d.DeliveriesPerSecond, "/s"));
                report.Figures.Add(new Figure($"sends not delivered to every agent at {rate:0} sends/s", d.Sends - d.DeliveredToAll, "", "0", d.Sends == d.DeliveredToAll));
            }

            report.Tables.Add(table);
            var closed = sockets.Count(s => !s.IsOpen);
            if (closed > 0)
            {
                report.Notes.Add($"{closed} of {agentCount} agent connections were closed by the end ({sockets.First(s => !s.IsOpen).CloseReason}).");
            }

            SendScenario.AddGeneratorShare(report, report.Rounds[^1]);
        }
        finally
        {
            await Task.WhenAll(sockets.Select(s => s.DisposeAsync().AsTask()));
        }

        async Task<RoundReport> MeasureAsync(string name, double rate, TimeSpan duration)
        {
            var count = (int)(rate * duration.TotalSeconds);
            var seqs = new long[count];
            foreach (var agent in agents)
            {
                agent.Reset();
            }

            var plan = new LoadPlan
            {
                Endpoint = linktor.Endpoint, Connections = o.Int("open-connections"), Duration = duration, Rate = rate,
                Request = (i, _) => requests[i % requests.Length], CaptureBody = true,
                Observer = (i, status, body, _) => seqs[i] = status == 202 ? JsonFields.Int64(body, "seq"u8) ?? 0 : 0,
            };
            var round = await context.RoundAsync(name, "linktor", plan, processes, ct);
            var expected = (long)seqs.Count(s => s > 0) * agents.Length;
            await Waiting.UntilAsync(() => agents.Sum(a => a.Count) >= expected, DeliveryDeadline, ct);
            var fanout = FanoutRound.Of(round.Load!, seqs, conversationCount, agents);
            round.Extra["fanout"] = fanout;
            report.Rounds.Add(round);
            ScenarioContext.Say($"  delivered to all {agents.Length} agents: {fanout.DeliveredToAll:#,0} of {fanout.Sends:#,0} sends; last agent p50 {fanout.LastAgent.P50:0.#} ms, p99 {fanout.LastAgent.P99:0.#} ms; {fanout.DeliveriesPerSecond:#,0} events/s");
            return round;
        }
    }

    /// <summary>One agent's receipts: (conversation, seq) → when this agent first had it. Appended by its socket's receive loop.</summary>
    internal sealed class AgentLog(Dictionary<Guid, int> conversations, int conversationCount)
    {
        private readonly Lock _lock = new();
        private readonly long[] _seen = new long[conversationCount];
        private List<(long Key, long At)> _log = [];

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _log.Count;
                }
            }
        }

        public static long Key(int conversation, long seq) => ((long)conversation << 40) | seq;

        public void Reset()
        {
            lock (_lock)
            {
                _log = [];
            }
        }

        public List<(long Key, long At)> Entries()
        {
            lock (_lock)
            {
                return [.. _log];
            }
        }

        public void OnEvent(string target, ReadOnlySpan<byte> argument, long receivedAt)
        {
            Guid? id;
            long? seq;
            switch (target)
            {
                case "conversation.updated":
                    id = JsonFields.Guid(argument, "id"u8);
                    seq = JsonFields.Int64(argument, "last_seq"u8);
                    break;
                case "message.created":
                    id = JsonFields.Guid(argument, "conversation_id"u8);
                    seq = JsonFields.Int64(argument, "seq"u8);
                    break;
                default:
                    return;
            }

            if (id is not { } conversationId || seq is not { } last || !conversations.TryGetValue(conversationId, out var c))
            {
                return;
            }

            lock (_lock)
            {
                // An event with last_seq L delivers every send up to L this agent had not seen (events may coalesce).
                for (var s = _seen[c] + 1; s <= last; s++)
                {
                    _log.Add((Key(c, s), receivedAt));
                }

                _seen[c] = Math.Max(_seen[c], last);
            }
        }
    }

    /// <summary>A fan-out round's deliveries, matched to its sends.</summary>
    internal sealed record FanoutRound(long Sends, long DeliveredToAll, long Deliveries, double DeliveriesPerSecond, LatencySummary LastAgent, LatencySummary AnyAgent)
    {
        public static FanoutRound Of(LoadResult load, long[] seqs, int conversations, AgentLog[] agents)
        {
            var sendOf = new Dictionary<long, int>();
            for (var i = 0; i < seqs.Length; i++)
            {
                if (seqs[i] > 0)
                {
                    sendOf[AgentLog.Key(i % conversations, seqs[i])] = i;
                }
            }

            var count = new int[seqs.Length];
            var last = new long[seqs.Length];
            var all = new List<double>();
            long deliveries = 0, lastArrival = 0;
            foreach (var agent in agents)
            {
                foreach (var (key, at) in agent.Entries())
                {
                    if (!sendOf.TryGetValue(key, out var i))
                    {
                        continue;
                    }

                    deliveries++;
                    count[i]++;
                    last[i] = Math.Max(last[i], at);
                    lastArrival = Math.Max(lastArrival, at);
                    all.Add(Ms(at - load.DueAt(i)));
                }
            }

            var complete = Enumerable.Range(0, seqs.Length).Where(i => count[i] == agents.Length && seqs[i] > 0).ToList();
            var span = lastArrival > 0 ? (lastArrival - load.StartTimestamp) / (double)Stopwatch.Frequency : 0;
            return new FanoutRound(sendOf.Count, complete.Count, deliveries, span > 0 ? Math.Round(deliveries / span) : 0,
                Summary(complete.Select(i => Ms(last[i] - load.DueAt(i)))), Summary(all));
        }

        private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

        private static LatencySummary Summary(IEnumerable<double> values)
        {
            var sorted = values.ToArray();
            Array.Sort(sorted);
            return LatencySummary.Of(sorted);
        }
    }
}
