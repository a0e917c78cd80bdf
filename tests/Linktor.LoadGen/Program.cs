// Linktor load generator: measures sends through the HTTP API beside a baseline in the same run.
//
//   dotnet run -c Release --project tests/Linktor.LoadGen -- --url http://localhost:5080 \
//       --admin-key <platform key> [--seconds 20] [--concurrency 64] [--conversations 500] [--webhooks] [--rate 300]
//
// It creates a fresh tenant (platform key), a web-chat channel, N contacts and their conversations,
// then runs two phases of equal length and concurrency: the baseline (GET /health/live: the same
// server's HTTP floor, no grain, no database) and the sends (POST /conversations/{id}/messages,
// each answered 202 only after the message is committed to PostgreSQL). With --webhooks, a third phase
// sends again with an outbound webhook subscribed to message.created (a local endpoint): the sends beside
// the second phase, and how long each event took from commit to the endpoint. With --rate, every phase sends
// at most that many requests a second (open loop) instead of as many as the concurrency allows.
// With --store it measures the message store alone (see StoreBench).
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Linktor.LoadGen;

if (args.Contains("--store"))
{
    // dotnet run -c Release --project tests/Linktor.LoadGen -- --store --postgres "<connection string>" [--seconds 10] [--conversations 500]
    var at = (string name, string fallback) => Array.IndexOf(args, name) is var i && i >= 0 ? args[i + 1] : fallback;
    return await StoreBench.RunAsync(at("--postgres", Environment.GetEnvironmentVariable("Linktor__Postgres__ConnectionString") ?? ""),
        int.Parse(at("--seconds", "10"), System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(at("--conversations", "500"), System.Globalization.CultureInfo.InvariantCulture));
}

var options = LoadOptions.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2 })
{
    BaseAddress = new Uri(options.Url),
    Timeout = TimeSpan.FromSeconds(30),
};

Console.WriteLine($"Setting up a tenant with {options.Conversations} conversations on {options.Url} ...");
var setup = await Scenario.SetUpAsync(http, options);

var baseline = await Phase.RunAsync("baseline GET /health/live", options, _ => new HttpRequestMessage(HttpMethod.Get, "/health/live"));
var sends = await Phase.RunAsync("POST /conversations/{id}/messages", options, i => Scenario.Send(setup, i, "load message"));

PhaseResult? withWebhook = null;
WebhookReport? webhooks = null;
if (options.Webhooks)
{
    await using var receiver = new WebhookReceiver();
    await receiver.StartAsync();
    await Scenario.SubscribeAsync(http, setup.ApiKey, receiver.Url);
    withWebhook = await Phase.RunAsync("same, with a webhook subscribed", options, i => Scenario.Send(setup, i, "webhook load message"));
    var acknowledged = withWebhook.Count - withWebhook.Errors;
    var drainUntil = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
    while (receiver.Events < acknowledged && Stopwatch.GetTimestamp() < drainUntil)
    {
        await Task.Delay(100);
    }

    webhooks = new WebhookReport(acknowledged, receiver.Events, receiver.Requests, receiver.SortedLagMs());
}

Console.WriteLine();
Console.WriteLine($"{"phase",-36} {"requests",9} {"errors",7} {"req/s",9} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8}");
foreach (var r in new[] { baseline, sends, withWebhook }.OfType<PhaseResult>())
{
    Console.WriteLine($"{r.Name,-36} {r.Count,9} {r.Errors,7} {r.PerSecond,9:F0} {r.P(50),8:F1} {r.P(90),8:F1} {r.P(99),8:F1} {r.P(100),8:F1}");
}

if (webhooks is not null)
{
    Console.WriteLine($"{"webhook: commit → endpoint",-36} {webhooks.Received,9} {webhooks.Acknowledged - webhooks.Received,7} {"",9} {webhooks.P(50),8:F1} {webhooks.P(90),8:F1} {webhooks.P(99),8:F1} {webhooks.P(100),8:F1}");
    Console.WriteLine($"  {webhooks.Received} of {webhooks.Acknowledged} acknowledged sends arrived as events ({webhooks.Requests} POSTs)");
}

Console.WriteLine();
Console.WriteLine(JsonSerializer.Serialize(new
{
    options.Seconds, options.Concurrency, options.Conversations, options.Rate, baseline = baseline.Summary(), sends = sends.Summary(),
    sends_with_webhook = withWebhook?.Summary(), webhook_events = webhooks?.Summary(),
}));
return sends.Errors == 0 && (webhooks is null || webhooks.Received == webhooks.Acknowledged) ? 0 : 1;

namespace Linktor.LoadGen
{
    internal sealed record LoadOptions(string Url, string AdminKey, int Seconds, int Concurrency, int Conversations, bool Webhooks, double Rate)
    {
        public static LoadOptions Parse(string[] args)
        {
            string Arg(string name, string? fallback)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1]
                    : fallback ?? throw new ArgumentException($"{name} is required");
            }

            return new LoadOptions(
                Arg("--url", "http://localhost:5080"),
                Arg("--admin-key", Environment.GetEnvironmentVariable("Linktor__Platform__AdminKey")),
                int.Parse(Arg("--seconds", "20"), System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(Arg("--concurrency", "64"), System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(Arg("--conversations", "500"), System.Globalization.CultureInfo.InvariantCulture),
                args.Contains("--webhooks"),
                double.Parse(Arg("--rate", "0"), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    internal sealed record Setup(string ApiKey, IReadOnlyList<string> Conversations);

    internal static class Scenario
    {
        public static async Task<Setup> SetUpAsync(HttpClient http, LoadOptions options)
        {
            var slug = $"load-{Guid.NewGuid():N}"[..20];
            var password = Guid.NewGuid().ToString("N");
            using (var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tenants")
            {
                Content = JsonContent.Create(new { name = "Load test", slug, admin_email = $"admin@{slug}.test", admin_password = password }),
            })
            {
                create.Headers.Authorization = new("Bearer", options.AdminKey);
                (await http.SendAsync(create)).EnsureSuccessStatusCode();
            }

            var login = await PostAsync(http, null, "/api/v1/auth/login", new { email = $"admin@{slug}.test", password });
            var token = login.GetProperty("access_token").GetString()!;
            var key = (await PostAsync(http, token, "/api/v1/api_keys", new { name = "load", scopes = new[] { "admin" } })).GetProperty("key").GetString()!;
            var channel = (await PostAsync(http, key, "/api/v1/channels", new { type = "webchat", name = "Load" })).GetProperty("id").GetString()!;

            var conversations = new List<string>();
            await Parallel.ForAsync(0, options.Conversations, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
            {
                var contact = await PostAsync(http, key, "/api/v1/contacts",
                    new { name = "Visitor", identities = new[] { new { channel_id = channel, external_id = Guid.NewGuid().ToString() } } });
                var conversation = await PostAsync(http, key, "/api/v1/conversations",
                    new { contact_id = contact.GetProperty("id").GetString(), channel_id = channel });
                lock (conversations)
                {
                    conversations.Add(conversation.GetProperty("id").GetString()!);
                }
            });
            return new Setup(key, conversations);
        }

        /// <summary>The <paramref name="i"/>th send: a text message to the conversations in turn.</summary>
        public static HttpRequestMessage Send(Setup setup, int i, string text)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{setup.Conversations[i % setup.Conversations.Count]}/messages")
            {
                Content = JsonContent.Create(new { content = new { type = "text", text = $"{text} {i}" } }),
            };
            request.Headers.Authorization = new("Bearer", setup.ApiKey);
            return request;
        }

        public static Task SubscribeAsync(HttpClient http, string key, string url) =>
            PostAsync(http, key, "/api/v1/webhooks", new { url, events = new[] { "message.created" } });

        private static async Task<JsonElement> PostAsync(HttpClient http, string? bearer, string route, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body) };
            if (bearer is not null)
            {
                request.Headers.Authorization = new("Bearer", bearer);
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST {route}: {(int)response.StatusCode} {text}");
            }

            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    internal static class Phase
    {
        public static async Task<PhaseResult> RunAsync(string name, LoadOptions options, Func<int, HttpRequestMessage> next)
        {
            Console.WriteLine($"Running {name} for {options.Seconds} s at concurrency {options.Concurrency} ...");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency })
            {
                BaseAddress = new Uri(options.Url),
                Timeout = TimeSpan.FromSeconds(30),
            };
            var latencies = new List<double>[options.Concurrency];
            var errors = 0;
            var counter = -1;
            var stopAt = Stopwatch.GetTimestamp() + (long)(options.Seconds * Stopwatch.Frequency);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async worker =>
            {
                var mine = latencies[worker] = [];
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    var i = Interlocked.Increment(ref counter);
                    if (options.Rate > 0 && TimeSpan.FromSeconds(i / options.Rate) - clock.Elapsed is { TotalMilliseconds: > 0 } wait)
                    {
                        await Task.Delay(wait);
                        if (Stopwatch.GetTimestamp() >= stopAt)
                        {
                            break;
                        }
                    }

                    using var request = next(i);
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.SendAsync(request);
                        if (!response.IsSuccessStatusCode)
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref errors);
                    }

                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }));
            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new PhaseResult(name, all, errors, clock.Elapsed.TotalSeconds);
        }
    }

    internal sealed record PhaseResult(string Name, double[] SortedLatencies, int Errors, double Seconds)
    {
        public int Count => SortedLatencies.Length;

        public double PerSecond => Count / Seconds;

        public double P(double percentile) => Percentile.Of(SortedLatencies, percentile);

        public object Summary() => new { requests = Count, errors = Errors, per_second = Math.Round(PerSecond), p50 = P(50), p90 = P(90), p99 = P(99), max = P(100) };
    }

    internal static class Percentile
    {
        /// <summary>The nearest-rank percentile of sorted values (0 when there are none).</summary>
        public static double Of(double[] sorted, double percentile) =>
            sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];
    }

    /// <summary>Events of the webhook phase: how many of the acknowledged sends arrived, and their commit-to-endpoint lag.</summary>
    internal sealed record WebhookReport(int Acknowledged, int Received, int Requests, double[] SortedLagMs)
    {
        public double P(double percentile) => Percentile.Of(SortedLagMs, percentile);

        public object Summary() => new { acknowledged = Acknowledged, received = Received, posts = Requests, p50 = P(50), p90 = P(90), p99 = P(99), max = P(100) };
    }
}
