using System.Diagnostics;
using System.Globalization;
using Linktor.Bench.Api;
using Linktor.Bench.Fakes;
using Linktor.Bench.Infrastructure;
using Linktor.Bench.Load;
using Linktor.Bench.Measure;
using Linktor.Bench.Realtime;
using Linktor.Bench.Reports;
using Linktor.Testing.FakeProviders;
using Linktor.Testing.FakeProviders.WhatsApp;

namespace Linktor.Bench.Scenarios;

/// <summary>
/// Provider webhooks in, agent events out: signed WhatsApp Cloud API webhooks at fixed rates, each
/// timed from its due time until the agent's <c>/hubs/inbox</c> connection has its <c>message.created</c>.
/// </summary>
public sealed class InboundScenario : IScenario
{
    private const string VerifyToken = "bench-verify-token";
    /// <summary>The WhatsApp channels' app secret, which signs their webhooks.</summary>
    internal const string AppSecret = "bench-whatsapp-app-secret";
    private static readonly TimeSpan EventDeadline = TimeSpan.FromSeconds(30);

    public string Name => "inbound";

    public string Title => "signed WhatsApp webhooks → message.created on an agent's /hubs/inbox";

    public string Description =>
        "One `whatsapp` channel (config `phone_number_id`, `business_account_id`, `api_base_url` → the fake Graph server) receives webhooks in "
        + "Meta's format (built by tests/Linktor.Testing's WhatsAppWebhookBuilder, one text message each, `X-Hub-Signature-256: sha256=HMAC(app_secret, body)`) "
        + "POSTed to its `webhook_url` from a fixed set of senders, open loop at fixed rates. A warm-up message from every sender creates their "
        + "conversations, which the tenant admin's `/hubs/inbox` connection then joins (`JoinConversation`). Each webhook's latency runs from its "
        + "due time to the arrival of the `message.created` event whose `external_id` is its wamid; its HTTP answer must be 200.";

    public IReadOnlyList<string> Settings => ["round-seconds", "open-connections", "inbound-rates", "senders"];

    public async Task RunAsync(ScenarioContext context, ScenarioReport report, CancellationToken ct)
    {
        var o = context.Options;
        await using var linktor = await context.StartLinktorAsync(Name, ct);
        await using var fakes = await FakeProviderNode.StartAsync(context.Env, o.Int("provider-latency-ms"), ct);
        var processes = context.Processes(MeasuredProcess.Single("linktor", () => linktor.Pid), MeasuredProcess.Single("fake-providers", () => fakes.Pid));
        var api = new LinktorApi(linktor.Http);
        var tenant = await api.CreateTenantAsync(linktor.PlatformKey, $"inbound-{context.RunTag}", ct);
        var phoneNumberId = FakeWhatsApp.DefaultPhoneNumberId;
        var (channelId, webhookUrl) = await api.CreateChannelAsync(tenant.ApiKey, "whatsapp", "Bench WhatsApp",
            new Dictionary<string, string>
            {
                ["phone_number_id"] = phoneNumberId,
                ["business_account_id"] = WhatsAppWebhookBuilder.DefaultBusinessAccountId,
                ["api_base_url"] = fakes.BaseUrl.ToString(),
            },
            new Dictionary<string, string> { ["access_token"] = "bench-access-token", ["app_secret"] = AppSecret, ["verify_token"] = VerifyToken }, ct);
        var hookPath = new Uri(webhookUrl).PathAndQuery;

        var senders = o.Int("senders");
        var tracker = new ArrivalTracker();
        var token = await api.LoginAsync(tenant.AdminEmail, tenant.AdminPassword, ct);
        await using var agent = await InboxSocket.ConnectAsync(linktor.BaseUrl, token, tracker.OnEvent, ct, bufferBytes: 64 * 1024);
        using var pings = PingLoop.Start([agent]);

        ScenarioContext.Say($"warming up: one webhook from each of {senders} senders, then the agent joins their conversations...");
        var warm = BuildWebhooks(linktor.Host, hookPath, phoneNumberId, senders, senders, round: 0);
        var warmUp = await context.RoundAsync("warm-up (one per sender)", "linktor",
            new LoadPlan { Endpoint = linktor.Endpoint, Connections = 8, Duration = TimeSpan.FromMinutes(5), MaxRequests = warm.Length, Request = (i, _) => warm[i] },
            processes, ct);
        report.Rounds.Add(warmUp);
        IReadOnlyList<string> conversations = [];
        await Waiting.RequireAsync(async () => (conversations = await api.ListConversationsAsync(tenant.ApiKey, channelId, ct)).Count >= senders,
            TimeSpan.FromMinutes(2), $"{senders} conversations on the WhatsApp channel", ct);
        foreach (var conversation in conversations)
        {
            await agent.InvokeAsync("JoinConversation", conversation);
        }

        var table = new ReportTable("Webhook → message.created on the agent's connection",
            "rate/s", "webhooks", "HTTP 200", "HTTP p50 ms", "HTTP p99 ms", "events", "missing", "event p50 ms", "event p90 ms", "event p99 ms", "event max ms");
        var round = 0;
        foreach (var rate in o.Rates("inbound-rates"))
        {
            round++;
            var count = (int)(rate * o.Seconds("round-seconds").TotalSeconds);
            var requests = BuildWebhooks(linktor.Host, hookPath, phoneNumberId, senders, count, round);
            tracker.Begin(round, count);
            var plan = new LoadPlan
            {
                Endpoint = linktor.Endpoint, Connections = o.Int("open-connections"), Duration = o.Seconds("round-seconds"), Rate = rate,
                Request = (i, _) => requests[i],
            };
            var result = await context.RoundAsync($"webhooks {rate:0}/s", "linktor", plan, processes, ct);
            var ok = result.ByStatus.GetValueOrDefault("200");
            await Waiting.UntilAsync(() => tracker.Received >= ok, EventDeadline, ct);
            var events = tracker.Latencies(result.Load!.DueAt);
            var missing = ok - events.Count;
            result.Extra["event_latency_ms"] = events;
            result.Extra["events_missing"] = missing;
            report.Rounds.Add(result);
            table.Add(rate, result.Requests, ok, result.Latency.P50, result.Latency.P99, events.Count, missing, events.P50, events.P90, events.P99, events.Max);
            var p99 = events.Count > 0 ? events.P99 : (double?)null;
            report.Figures.Add(rate == 1000
                ? Figure.AtMost("webhook → message.created p99 at 1,000/s", p99, "ms", 100)
                : new Figure($"webhook → message.created p99 at {rate:#,0}/s", p99, "ms"));
            report.Figures.Add(new Figure($"webhooks not answered 200 at {rate:#,0}/s", result.Requests - ok + result.Unsent, "", "0", result.Requests - ok + result.Unsent == 0));
        }

        report.Tables.Add(table);
        SendScenario.AddGeneratorShare(report, report.Rounds[^1]);
        if (!agent.IsOpen)
        {
            report.Notes.Add($"The agent's connection closed during the run ({agent.CloseReason}); later events could not arrive.");
        }

        report.Notes.Add("Events are matched to webhooks by `external_id` (the wamid); an event missing 30 s after its round is counted as missing, not as a latency.");
    }

    /// <summary>Signed webhooks, one text message each, from the senders in turn; wamids name the round and slot.</summary>
    internal static byte[][] BuildWebhooks(string host, string path, string phoneNumberId, int senders, int count, int round)
    {
        var requests = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var body = FakeWhatsApp.Batch(phoneNumberId)
                .Text(Sender(i % senders), ArrivalTracker.Wamid(round, i), $"bench inbound {round}.{i}", name: $"Sender {i % senders}")
                .Build();
            requests[i] = HttpRequestBytes.Encode("POST", host, path, null, body,
                headers: [new(FakeWhatsApp.SignatureHeader, FakeWhatsApp.Signature(body, AppSecret))]);
        }

        return requests;
    }

    internal static string Sender(int i) => "1650555" + i.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>When each webhook's message.created arrived, by slot of the current round.</summary>
    private sealed class ArrivalTracker
    {
        private const string Prefix = "wamid.bench.";
        private long[] _arrivals = [];
        private int _round = -1;
        private int _received;

        public int Received => Volatile.Read(ref _received);

        public static string Wamid(int round, int slot) => $"{Prefix}{round}.{slot}";

        public void Begin(int round, int count)
        {
            Interlocked.Exchange(ref _arrivals, new long[count]);
            Volatile.Write(ref _received, 0);
            Volatile.Write(ref _round, round);
        }

        public void OnEvent(string target, ReadOnlySpan<byte> argument, long receivedAt)
        {
            if (target != "message.created" || JsonFields.String(argument, "external_id"u8) is not { } wamid || !wamid.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return;
            }

            var parts = wamid[Prefix.Length..].Split('.');
            var arrivals = Volatile.Read(ref _arrivals);
            if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var round) && round == Volatile.Read(ref _round)
                && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var slot) && slot < arrivals.Length
                && Interlocked.CompareExchange(ref arrivals[slot], receivedAt, 0) == 0)
            {
                Interlocked.Increment(ref _received);
            }
        }

        /// <summary>Arrival minus due time, for every slot whose event came.</summary>
        public LatencySummary Latencies(Func<long, long> dueAt)
        {
            var arrivals = Volatile.Read(ref _arrivals);
            var ms = new List<double>();
            for (var i = 0; i < arrivals.Length; i++)
            {
                if (arrivals[i] != 0)
                {
                    ms.Add((arrivals[i] - dueAt(i)) * 1000.0 / Stopwatch.Frequency);
                }
            }

            var sorted = ms.ToArray();
            Array.Sort(sorted);
            return LatencySummary.Of(sorted);
        }
    }
}
