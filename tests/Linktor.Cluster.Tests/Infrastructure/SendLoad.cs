using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;

namespace Linktor.Cluster.Tests.Infrastructure;

/// <summary>
/// Open-loop load: starts sends at a fixed rate whatever the answers take (so a stalled cluster shows as
/// requests piling up, not as a slower client), spread over the tenant's conversations and over every API
/// node, each with its own Idempotency-Key and text. Records every outcome.
/// </summary>
public sealed class SendLoad(ClusterFixture cluster, ClusterTenant tenant, int perSecond, string prefix)
{
    private const int MaxInFlight = 8000;

    private readonly ConcurrentQueue<SendOutcome> _outcomes = new();
    private readonly Stopwatch _clock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(Func<SendOutcome, bool> Match, TaskCompletionSource Done)> _waiters = [];
    private int _acknowledged;

    /// <summary>Time since the run started, on the clock the outcomes use.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public int Acknowledged => Volatile.Read(ref _acknowledged);

    public IReadOnlyList<SendOutcome> Outcomes => [.. _outcomes];

    /// <summary>
    /// Starts sending for at most <paramref name="duration"/>, <paramref name="maxSends"/> sends, or until
    /// <see cref="Stop"/>; completes when every send is answered.
    /// </summary>
    public async Task<IReadOnlyList<SendOutcome>> RunAsync(TimeSpan duration, long maxSends = long.MaxValue)
    {
        var nodes = cluster.ApiNodes.Select(n => (n.Name, Http: cluster.CreateHttpClient(n, tenant.ApiKey))).ToArray();
        using var slots = new SemaphoreSlim(MaxInFlight);
        var inFlight = new List<Task>();
        _clock.Start();
        try
        {
            for (long i = 0; i < maxSends && !_stop.IsCancellationRequested && _clock.Elapsed < duration; i++)
            {
                var wait = TimeSpan.FromSeconds(i / (double)perSecond) - _clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                await slots.WaitAsync();
                var conversation = tenant.Conversations[(int)(i % tenant.Conversations.Count)];
                // Mixed so that a conversation is not always sent to through the same node.
                var (name, http) = nodes[(int)((i + (i / tenant.Conversations.Count)) % nodes.Length)];
                inFlight.Add(SendAsync(http, name, conversation, $"{prefix}-{i}").ContinueWith(_ => slots.Release(), TaskScheduler.Default));
            }

            await Task.WhenAll(inFlight);
        }
        finally
        {
            foreach (var (_, http) in nodes)
            {
                http.Dispose();
            }
        }

        return Outcomes;
    }

    public void Stop() => _stop.Cancel();

    /// <summary>Completes when an outcome matching <paramref name="match"/> has been recorded (or already was).</summary>
    public Task WhenAsync(Func<SendOutcome, bool> match)
    {
        lock (_waiters)
        {
            if (_outcomes.Any(match))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }

    /// <summary>Completes once <paramref name="count"/> sends were acknowledged in total.</summary>
    public Task WhenAcknowledgedAsync(int count) => WhenAsync(_ => Acknowledged >= count);

    private async Task SendAsync(HttpClient http, string node, Guid conversation, string key)
    {
        var started = _clock.Elapsed;
        SendOutcome outcome;
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
            outcome = new SendOutcome(key, conversation, node, started, _clock.Elapsed - started, status, mediaType,
                response.Headers.RetryAfter?.ToString(),
                mediaType == "application/problem+json" ? Wire.Read<ProblemRef>(body) : null,
                status == 202 ? Wire.Read<MessageRef>(body) : null,
                status is 202 or 503 ? null : body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            outcome = new SendOutcome(key, conversation, node, started, _clock.Elapsed - started, 0, null, null, null, null,
                ex is TaskCanceledException ? "no answer within 30 s (a hang)" : ex.Message);
        }

        if (outcome.Acknowledged)
        {
            Interlocked.Increment(ref _acknowledged);
        }

        _outcomes.Enqueue(outcome);
        List<TaskCompletionSource> done;
        lock (_waiters)
        {
            done = [.. _waiters.Where(w => w.Match(outcome)).Select(w => w.Done)];
            _waiters.RemoveAll(w => done.Contains(w.Done));
        }

        foreach (var d in done)
        {
            d.TrySetResult();
        }
    }
}
