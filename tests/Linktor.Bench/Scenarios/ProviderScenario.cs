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
/// The outbound path to providers: sent/s and queued→sent latency at fixed rates, then a backlog —
/// its memory while it waits for a slow provider, and how fast it drains once the provider is fast.
/// </summary>
public sealed class ProviderScenario : IScenario
{
    private const string Unlimited = "100000";
    private const string BodyTemplate = """{"content":{"type":"text","text":"bench#{n}# provider throughput"}}""";

    public string Name => "provider";

    public string Title => "outbound to WhatsApp and Telegram: sent/s, queued→sent, backlog drain and memory";

    public string Description =>
        "A `whatsapp` and a `telegram` channel whose `api_base_url` points at fake Graph and Bot API servers (a process of their own, answering each "
        + "send after a fixed delay, recording when each arrived), with `rate_limit_per_second`, `rate_limit_burst`, `recipient_rate_limit_per_second` "
        + "and `recipient_rate_limit_burst` set high. WhatsApp conversations are opened by a signed inbound webhook from each recipient (the 24 h "
        + "window); Telegram ones by `POST /api/v1/messages {channel_id, to: <chat id>}`. Sends (`POST …/messages`, text carrying a marker) go open "
        + "loop at fixed rates, after a warm-up round per channel at the first rate; queued→sent is the provider's receipt minus the message's `created_at`. Then a backlog is queued while the "
        + "WhatsApp channel is disabled (`PATCH status`), the provider made slow and the channel enabled (memory watched), and the provider made "
        + "fast again: the drain rate is receipts per second until the backlog is gone.";

    public IReadOnlyList<string> Settings =>
        ["round-seconds", "warmup-seconds", "open-connections", "connections", "provider-rates", "provider-recipients", "backlog", "provider-latency-ms", "slow-provider-latency-ms", "slow-seconds", "drain-timeout-seconds"];

    public async Task RunAsync(ScenarioContext context, ScenarioReport report, CancellationToken ct)
    {
        var o = context.Options;
        await using var linktor = await context.StartLinktorAsync(Name, ct);
        await using var fakes = await FakeProviderNode.StartAsync(context.Env, o.Int("provider-latency-ms"), ct);
        var linktorProcess = MeasuredProcess.Single("linktor", () => linktor.Pid);
        var processes = context.Processes(linktorProcess, MeasuredProcess.Single("fake-providers", () => fakes.Pid));
        var api = new LinktorApi(linktor.Http);
        var tenant = await api.CreateTenantAsync(linktor.PlatformKey, $"provider-{context.RunTag}", ct);
        var recipients = o.Int("provider-recipients");

        ScenarioContext.Say($"setting up a WhatsApp and a Telegram channel with {recipients} recipients each...");
        var whatsapp = await WhatsAppAsync(context, linktor, api, tenant, fakes, recipients, ct);
        var telegram = await TelegramAsync(api, tenant, fakes, recipients, ct);
        await Waiting.UntilAsync(async () => await fakes.CountAsync(ct) >= recipients, TimeSpan.FromMinutes(2), ct); // the Telegram greetings went out
        await fakes.ResetAsync(ct);

        long marker = 1;
        var steady = new ReportTable("Sends at a fixed rate → the provider (queued→sent: provider receipt − created_at)",
            "channel", "rate/s", "accepted (202)", "received by provider", "sent/s", "queued→sent p50 ms", "p90 ms", "p99 ms", "max ms");
        foreach (var channel in new[] { whatsapp, telegram })
        {
            var templates = channel.Conversations.Select(c => new RequestTemplate("POST", linktor.Host, $"/api/v1/conversations/{c}/messages", tenant.ApiKey, BodyTemplate)).ToArray();

            // Warm-up at the first rate (JIT, pools, the channel's send path), listed as warm-up and in no figure: without
            // it the first channel measured pays for the setup and the other does not, and the two cannot be compared.
            var warmRate = o.Rates("provider-rates")[0];
            var warmCount = (int)(warmRate * o.Seconds("warmup-seconds").TotalSeconds);
            var warmFirst = marker;
            marker += warmCount;
            report.Rounds.Add(await context.RoundAsync($"warm-up {channel.Type}", "linktor", new LoadPlan
            {
                Endpoint = linktor.Endpoint, Connections = o.Int("open-connections"), Duration = o.Seconds("warmup-seconds"), Rate = warmRate,
                Request = (i, scratch) => templates[i % templates.Length].Write(warmFirst + i, scratch),
            }, processes, ct));
            await Waiting.UntilAsync(async () => await fakes.CountAsync(ct) >= warmCount, TimeSpan.FromMinutes(2), ct);
            await fakes.ResetAsync(ct);

            foreach (var rate in o.Rates("provider-rates"))
            {
                var count = (int)(rate * o.Seconds("round-seconds").TotalSeconds);
                var first = marker;
                marker += count;
                var createdAt = new long[count];
                var plan = new LoadPlan
                {
                    Endpoint = linktor.Endpoint, Connections = o.Int("open-connections"), Duration = o.Seconds("round-seconds"), Rate = rate,
                    Request = (i, scratch) => templates[i % templates.Length].Write(first + i, scratch),
                    CaptureBody = true,
                    Observer = (i, status, body, _) => createdAt[i] = status == 202 ? CreatedAtMicros(body) : 0,
                };
                var round = await context.RoundAsync($"{channel.Type} {rate:0}/s", "linktor", plan, processes, ct);
                var ok = createdAt.Count(c => c > 0);
                await Waiting.UntilAsync(async () => await fakes.CountAsync(ct) >= ok, TimeSpan.FromSeconds(60 + (count / 500.0)), ct);
                var receipts = await fakes.ReceiptsAsync(ct);
                await fakes.ResetAsync(ct);
                var latencies = new List<double>();
                long firstReceipt = long.MaxValue, lastReceipt = 0;
                foreach (var receipt in receipts.Where(r => r.Marker >= first && r.Marker < first + count).DistinctBy(r => r.Marker))
                {
                    var created = createdAt[receipt.Marker - first];
                    firstReceipt = Math.Min(firstReceipt, receipt.ReceivedAtUnixMicros);
                    lastReceipt = Math.Max(lastReceipt, receipt.ReceivedAtUnixMicros);
                    if (created > 0)
                    {
                        latencies.Add((receipt.ReceivedAtUnixMicros - created) / 1000.0);
                    }
                }

                var sorted = latencies.ToArray();
                Array.Sort(sorted);
                var queuedToSent = LatencySummary.Of(sorted);
                var span = (lastReceipt - firstReceipt) / 1e6;
                var sentPerSecond = span > 0 ? Math.Round(latencies.Count / span, 1) : 0;
                round.Extra["queued_to_sent_ms"] = queuedToSent;
                round.Extra["received_by_provider"] = latencies.Count;
                round.Extra["sent_per_second"] = sentPerSecond;
                report.Rounds.Add(round);
                steady.Add(channel.Type, rate, ok, latencies.Count, sentPerSecond, queuedToSent.P50, queuedToSent.P90, queuedToSent.P99, queuedToSent.Max);
                report.Figures.Add(new Figure($"{channel.Type} queued→sent p99 at {rate:0}/s", queuedToSent.Count > 0 ? queuedToSent.P99 : null, "ms"));
                report.Figures.Add(new Figure($"{channel.Type} sends lost at {rate:0}/s (accepted, never at the provider)", ok - latencies.Count, "", "0", ok == latencies.Count));
                ScenarioContext.Say($"  provider received {latencies.Count:#,0} of {ok:#,0}; queued→sent p50 {queuedToSent.P50:0.#} ms, p99 {queuedToSent.P99:0.#} ms");
            }
        }

        report.Tables.Add(steady);
        SendScenario.AddGeneratorShare(report, report.Rounds[^1]);
        await BacklogAsync(context, report, linktor, api, tenant, fakes, whatsapp, processes, marker, ct);
    }

    private async Task BacklogAsync(
        ScenarioContext context, ScenarioReport report, LinktorNode linktor, LinktorApi api, BenchTenant tenant, FakeProviderNode fakes,
        ProviderChannel channel, IReadOnlyList<MeasuredProcess> processes, long firstMarker, CancellationToken ct)
    {
        var o = context.Options;
        var size = o.Int("backlog");
        var templates = channel.Conversations.Select(c => new RequestTemplate("POST", linktor.Host, $"/api/v1/conversations/{c}/messages", tenant.ApiKey, BodyTemplate)).ToArray();
        var phases = new ReportTable($"Backlog of {size:#,0} on the {channel.Type} channel", "phase", "seconds", "provider receipts", "sent/s", "node RSS MB (settled or peak)");
        var rssBefore = await Settling.RssAsync(() => linktor.Pid, TimeSpan.FromSeconds(30), ct);
        phases.Add("before", null, null, null, ConnectionsScenario.Mb(rssBefore));

        // Hold the queue: disable the channel, as the brief of this scenario asks. A node that refuses sends to a disabled
        // channel is told apart by one probe; the backlog is then held by a rate limit of one send per 1,000 s instead.
        await api.SetChannelStatusAsync(tenant.ApiKey, channel.Id, "disabled", ct);
        var probe = await ProbeAsync(api, tenant, channel, ct);
        var heldBy = "the channel disabled (PATCH status)";
        if (probe is not null)
        {
            await api.SetChannelStatusAsync(tenant.ApiKey, channel.Id, "active", ct);
            await PatchConfigAsync(api, tenant, channel, new() { ["rate_limit_per_second"] = "0.001", ["rate_limit_burst"] = "1" }, ct);
            heldBy = "a channel rate limit of 0.001/s (burst 1)";
            report.Notes.Add($"A send to the disabled channel was refused ({probe}), so the backlog was held by {heldBy} instead, through the same PATCH.");
        }

        var queue = await context.RoundAsync($"queue {size:#,0} (held by {heldBy})", "linktor", new LoadPlan
        {
            Endpoint = linktor.Endpoint, Connections = o.Int("connections"), Duration = TimeSpan.FromHours(3), MaxRequests = size,
            Request = (i, scratch) => templates[i % templates.Length].Write(firstMarker + i, scratch),
        }, processes, ct);
        report.Rounds.Add(queue);
        var queued = queue.Ok;
        var rssQueued = await Settling.RssAsync(() => linktor.Pid, TimeSpan.FromSeconds(30), ct);
        var leaked = await fakes.CountAsync(ct);
        phases.Add($"queued ({heldBy})", queue.DurationSeconds, leaked, null, ConnectionsScenario.Mb(rssQueued));
        report.Figures.Add(new Figure("backlog queued per second (202s while held)", queue.Throughput, "/s"));

        // A slow provider: the backlog waits in the queue, and the node's memory must not grow with it.
        await fakes.SetLatencyAsync(o.Int("slow-provider-latency-ms"), ct);
        var before = await fakes.CountAsync(ct);
        await ReleaseAsync(api, tenant, channel, probe is null, ct);
        var (slowCount, slowUsage, slowSeconds) = await context.ObserveAsync(processes, async () =>
        {
            // A fixed observation window (not a wait for a condition): memory is sampled throughout it.
            await Task.Delay(o.Seconds("slow-seconds"), ct);
            return await fakes.CountAsync(ct) - before;
        });
        report.Rounds.Add(RoundReport.Observation($"backlog waits for a slow provider ({o.Int("slow-provider-latency-ms")} ms a send)", "linktor", slowSeconds, slowUsage));
        var slowPeak = slowUsage.First(u => u.Name == "linktor").PeakMemoryMb;
        phases.Add($"provider slow ({o.Int("slow-provider-latency-ms")} ms)", slowSeconds, slowCount, Math.Round(slowCount / slowSeconds, 1), slowPeak);

        // A fast provider again: the drain.
        await fakes.SetLatencyAsync(o.Int("provider-latency-ms"), ct);
        var drainStart = await fakes.CountAsync(ct);
        var timeline = new ReportTable("Drain timeline", "seconds", "provider receipts", "sent/s in the interval");
        var (drained, drainUsage, drainSeconds) = await context.ObserveAsync(processes, async () =>
        {
            var clock = Stopwatch.StartNew();
            long last = drainStart, lastAt = 0;
            var deadline = o.Seconds("drain-timeout-seconds");
            var target = queued + (probe is null ? 1 : 0); // every queued message, and the probe when it was accepted
            while (clock.Elapsed < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                var now = await fakes.CountAsync(ct);
                var at = clock.ElapsedMilliseconds;
                if (timeline.Rows.Count < 200 && (at / 1000) % Math.Max(1, (long)deadline.TotalSeconds / 100) == 0)
                {
                    timeline.Add(Math.Round(at / 1000.0, 1), now, Math.Round((now - last) * 1000.0 / Math.Max(1, at - lastAt), 1));
                }

                (last, lastAt) = (now, at);
                if (now >= target)
                {
                    break;
                }
            }

            return (Count: last - drainStart, Seconds: clock.Elapsed.TotalSeconds, Complete: last >= target);
        });
        report.Rounds.Add(RoundReport.Observation("drain (provider fast again)", "linktor", drainSeconds, drainUsage));
        var drainRate = drained.Seconds > 0 ? Math.Round(drained.Count / drained.Seconds, 1) : 0;
        var drainPeak = drainUsage.First(u => u.Name == "linktor").PeakMemoryMb;
        phases.Add(drained.Complete ? "drained" : "drain (timed out)", Math.Round(drained.Seconds, 1), drained.Count, drainRate, drainPeak);
        report.Tables.Add(phases);
        report.Tables.Add(timeline);
        report.Figures.Add(Figure.AtLeast($"backlog drain: {channel.Type} sent/s", drainRate, "/s", 10_000));
        report.Figures.Add(new Figure("backlog fully drained", drained.Complete ? 1 : 0, "", "yes", drained.Complete));
        report.Figures.Add(new Figure($"node RSS growth with {queued:#,0} queued (waiting for the slow provider, peak − before)",
            rssBefore is { } b ? Math.Round(slowPeak - ResourceMonitor.Mb(b), 1) : null, "MB"));
        report.Figures.Add(new Figure("node RSS peak while draining", drainPeak, "MB"));
        if (leaked > 0)
        {
            report.Notes.Add($"{leaked:#,0} messages reached the provider while the backlog was meant to be held.");
        }
    }

    /// <summary>One send to the held channel: null when accepted (202), else what the node answered.</summary>
    private static async Task<string?> ProbeAsync(LinktorApi api, BenchTenant tenant, ProviderChannel channel, CancellationToken ct)
    {
        try
        {
            await api.PostAsync($"/api/v1/conversations/{channel.Conversations[0]}/messages", tenant.ApiKey,
                new { content = new { type = "text", text = "bench probe: is a disabled channel's queue open?" } }, ct);
            return null;
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message.Length > 300 ? ex.Message[..300] : ex.Message;
        }
    }

    private static async Task ReleaseAsync(LinktorApi api, BenchTenant tenant, ProviderChannel channel, bool heldByStatus, CancellationToken ct)
    {
        if (heldByStatus)
        {
            await api.SetChannelStatusAsync(tenant.ApiKey, channel.Id, "active", ct);
        }
        else
        {
            await PatchConfigAsync(api, tenant, channel, new() { ["rate_limit_per_second"] = Unlimited, ["rate_limit_burst"] = Unlimited }, ct);
        }
    }

    /// <summary>PATCHes the channel's whole config with <paramref name="changes"/> applied.</summary>
    private static Task PatchConfigAsync(LinktorApi api, BenchTenant tenant, ProviderChannel channel, Dictionary<string, string> changes, CancellationToken ct)
    {
        foreach (var (key, value) in changes)
        {
            channel.Config[key] = value;
        }

        return api.SendAsync(HttpMethod.Patch, $"/api/v1/channels/{channel.Id}", tenant.ApiKey, new { config = channel.Config }, ct);
    }

    private static Dictionary<string, string> RateConfig(FakeProviderNode fakes) => new(StringComparer.Ordinal)
    {
        ["api_base_url"] = fakes.BaseUrl.ToString(),
        ["rate_limit_per_second"] = Unlimited,
        ["rate_limit_burst"] = Unlimited,
        ["recipient_rate_limit_per_second"] = Unlimited,
        ["recipient_rate_limit_burst"] = Unlimited,
    };

    private static async Task<ProviderChannel> WhatsAppAsync(
        ScenarioContext context, LinktorNode linktor, LinktorApi api, BenchTenant tenant, FakeProviderNode fakes, int recipients, CancellationToken ct)
    {
        var config = RateConfig(fakes);
        config["phone_number_id"] = FakeWhatsApp.DefaultPhoneNumberId;
        config["business_account_id"] = WhatsAppWebhookBuilder.DefaultBusinessAccountId;
        var (id, webhookUrl) = await api.CreateChannelAsync(tenant.ApiKey, "whatsapp", "Bench WhatsApp", config,
            new Dictionary<string, string> { ["access_token"] = "bench-access-token", ["app_secret"] = InboundScenario.AppSecret, ["verify_token"] = "bench-verify" }, ct);

        // Each recipient writes first: free-form replies are allowed for 24 h after.
        var hello = InboundScenario.BuildWebhooks(linktor.Host, new Uri(webhookUrl).PathAndQuery, FakeWhatsApp.DefaultPhoneNumberId, recipients, recipients, round: 0);
        var opened = await LoadRunner.RunAsync(new LoadPlan
        {
            Endpoint = linktor.Endpoint, Connections = 8, Duration = TimeSpan.FromMinutes(10), MaxRequests = hello.Length, Request = (i, _) => hello[i],
        }, ct);
        if (opened.Ok != hello.Length)
        {
            throw new InvalidOperationException($"Only {opened.Ok} of {hello.Length} inbound webhooks were answered 2xx ({string.Join(", ", opened.ByStatus)}).");
        }

        IReadOnlyList<string> conversations = [];
        await Waiting.RequireAsync(async () => (conversations = await api.ListConversationsAsync(tenant.ApiKey, id, ct)).Count >= recipients,
            TimeSpan.FromMinutes(2), $"{recipients} WhatsApp conversations", ct);
        return new ProviderChannel("whatsapp", id, config, conversations);
    }

    private static async Task<ProviderChannel> TelegramAsync(LinktorApi api, BenchTenant tenant, FakeProviderNode fakes, int recipients, CancellationToken ct)
    {
        var config = RateConfig(fakes);
        var (id, _) = await api.CreateChannelAsync(tenant.ApiKey, "telegram", "Bench Telegram", config,
            new Dictionary<string, string> { ["bot_token"] = FakeTelegram.DefaultBotToken }, ct);
        var conversations = await LinktorApi.ForEachAsync(recipients, 8, async (i, token) =>
        {
            var message = await api.PostAsync("/api/v1/messages", tenant.ApiKey,
                new { channel_id = id, to = (100_000 + i).ToString(CultureInfo.InvariantCulture), content = new { type = "text", text = "bench hello" } }, token);
            return message.GetProperty("conversation_id").GetString()!;
        }, ct);
        return new ProviderChannel("telegram", id, config, conversations);
    }

    /// <summary>The 202 body's <c>created_at</c> as Unix µs (0 when absent).</summary>
    private static long CreatedAtMicros(ReadOnlySpan<byte> body) =>
        JsonFields.String(body, "created_at"u8) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at.UtcTicks - DateTime.UnixEpoch.Ticks) / 10
            : 0;
}
