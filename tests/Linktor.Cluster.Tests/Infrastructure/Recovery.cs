using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// After a disruption: sends one message to every conversation, retrying a refused send (503, same
/// Idempotency-Key) until each is acknowledged or the deadline passes. Shows that every conversation, those
/// whose grains lived on a dead silo included, takes messages again, and how long that took.
/// </summary>
public static class Recovery
{
    public static async Task<(IReadOnlyList<SendOutcome> Outcomes, TimeSpan AllAcceptedAfter, IReadOnlyList<Guid> Refusing)> SendToEveryConversationAsync(
        ClusterFixture cluster, ClusterTenant tenant, string prefix, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = new ConcurrentQueue<SendOutcome>();
        var refusing = new ConcurrentQueue<Guid>();
        var nodes = cluster.ApiNodes.Select(n => (n.Name, Http: cluster.CreateHttpClient(n, tenant.ApiKey))).ToArray();
        try
        {
            await Parallel.ForAsync(0, tenant.Conversations.Count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
            {
                var conversation = tenant.Conversations[i];
                var key = $"{prefix}-{i}";
                for (var attempt = 0; ; attempt++)
                {
                    var (name, http) = nodes[(i + attempt) % nodes.Length];
                    var outcome = await SendAsync(http, name, conversation, key, clock);
                    outcomes.Enqueue(outcome);
                    if (outcome.Acknowledged || !outcome.IsServiceUnavailableProblem)
                    {
                        return;
                    }

                    if (clock.Elapsed > deadline)
                    {
                        refusing.Enqueue(conversation);
                        return;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                }
            });
        }
        finally
        {
            foreach (var (_, http) in nodes)
            {
                http.Dispose();
            }
        }

        return ([.. outcomes], clock.Elapsed, [.. refusing]);
    }

    private static async Task<SendOutcome> SendAsync(HttpClient http, string node, Guid conversation, string key, Stopwatch clock)
    {
        var started = clock.Elapsed;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{conversation}/messages")
            {
                Content = JsonContent.Create(new { content = new { type = "text", text = key } }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            return new SendOutcome(key, conversation, node, started, clock.Elapsed - started, status, mediaType,
                response.Headers.RetryAfter?.ToString(),
                mediaType == "application/problem+json" ? Wire.Read<ProblemRef>(body) : null,
                status == 202 ? Wire.Read<MessageRef>(body) : null,
                status is 202 or 503 ? null : body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new SendOutcome(key, conversation, node, started, clock.Elapsed - started, 0, null, null, null, null, ex.Message);
        }
    }
}
