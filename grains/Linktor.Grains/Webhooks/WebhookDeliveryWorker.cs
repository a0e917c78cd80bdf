using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Linktor.Grains.Common;
using Linktor.Grains.Telemetry;
using Linktor.Storage.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linktor.Grains.Webhooks;

/// <summary>
/// POSTs due deliveries to their endpoints, up to <see cref="WebhookOptions.MaxConcurrency"/> at once, and
/// logs every attempt. Every silo runs one; they share the queue in PostgreSQL. A failed attempt (non-2xx,
/// timeout, refused connection) is retried with exponential backoff and jitter, honouring <c>Retry-After</c>,
/// until the event is <see cref="WebhookOptions.RetryFor"/> old; then the delivery is failed.
/// </summary>
public sealed partial class WebhookDeliveryWorker(
    WebhookDeliveryQueue queue, WebhookSecrets secrets, IHttpClientFactory httpClients, IOptions<WebhookOptions> options,
    TimeProvider clock, ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "linktor.webhooks";

    private const int MaxErrorBodyChars = 200;
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan ReleaseStrandedEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainOnStop = TimeSpan.FromSeconds(10);

    /// <summary>Released when deliveries are queued or finish: either may make a claim worthwhile.</summary>
    private readonly SemaphoreSlim _work = new(0, 1);
    private readonly ConcurrentDictionary<Guid, Task> _inFlight = new();
    private readonly ConcurrentDictionary<Guid, int> _inFlightPerEndpoint = new();
    private readonly ConcurrentDictionary<Guid, (string Protected, string Plain)> _secrets = new();
    private readonly AttemptBatcher _attempts = new(queue);
    private DateTimeOffset _purgedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _strandedReleasedAt = DateTimeOffset.MinValue;

    private WebhookOptions Options => options.Value;

    /// <summary>New deliveries were queued: look at once instead of at the next poll.</summary>
    public void Wake() => Signal(_work);

    private static void Signal(SemaphoreSlim signal)
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The attempt log outlives the loop, so attempts that finish while the silo stops are still recorded.
        using var stopRecording = new CancellationTokenSource();
        var recording = _attempts.RunAsync(stopRecording.Token);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Claim in batches: refill once half the slots are free, so one claim round trip serves many POSTs.
                var free = Options.MaxConcurrency - _inFlight.Count;
                if (free < Math.Max(1, Options.MaxConcurrency / 2))
                {
                    await _work.WaitAsync(Options.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var due = await ClaimAsync(free, stoppingToken).ConfigureAwait(false);
                foreach (var delivery in due)
                {
                    _inFlightPerEndpoint.AddOrUpdate(delivery.WebhookId, 1, (_, n) => n + 1);
                    // Tracked before it starts: a quick delivery removes itself only after it was added.
                    var run = new Task<Task>(() => DeliverAsync(delivery, stoppingToken));
                    _inFlight[delivery.Id] = run.Unwrap();
                    run.Start(TaskScheduler.Default);
                }

                if (due.Count < free)
                {
                    // Nothing more is due, or what is due belongs to endpoints at their limit: look again when
                    // deliveries are queued or finish, or at the next poll.
                    await PurgeIfDueAsync(stoppingToken).ConfigureAwait(false);
                    await ReleaseStrandedIfDueAsync(stoppingToken).ConfigureAwait(false);
                    await _work.WaitAsync(Options.PollInterval, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Attempts cut short by the shutdown are not recorded: their claims lapse and another silo retries them.
            await Task.WhenAll(_inFlight.Values).WaitAsync(DrainOnStop, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            await stopRecording.CancelAsync().ConfigureAwait(false);
            await recording.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<IReadOnlyList<DueDelivery>> ClaimAsync(int limit, CancellationToken ct)
    {
        try
        {
            var now = clock.GetUtcNow();
            // The claim outlives the attempt (timeout) with a margin for recording it; then it falls due again.
            var inFlight = _inFlightPerEndpoint.ToDictionary(e => e.Key, e => e.Value);
            return await queue.ClaimDueAsync(
                limit, Options.MaxConcurrencyPerEndpoint, inFlight, now, now + Options.Timeout + TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogClaimFailed(logger, ex.Message);
            return [];
        }
    }

    private async Task DeliverAsync(DueDelivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            var outcome = await AttemptAsync(delivery, stoppingToken).ConfigureAwait(false);
            if (outcome is null)
            {
                return;
            }

            if (!await _attempts.RecordAsync(delivery, outcome).ConfigureAwait(false))
            {
                LogAttemptSuperseded(logger, delivery.Id);
            }

            Count(delivery, outcome);
            Log(delivery, outcome);
        }
        catch (Exception ex)
        {
            // Not recorded (the database is away): the claim lapses and the delivery is tried again.
            LogRecordFailed(logger, delivery.Id, ex.Message);
        }
        finally
        {
            _inFlight.TryRemove(delivery.Id, out _);
            if (_inFlightPerEndpoint.AddOrUpdate(delivery.WebhookId, 0, (_, n) => n - 1) <= 0)
            {
                _inFlightPerEndpoint.TryRemove(new KeyValuePair<Guid, int>(delivery.WebhookId, 0));
            }

            Signal(_work);
        }
    }

    /// <summary>One POST; null when the silo is stopping and the attempt was cut short.</summary>
    private async Task<AttemptOutcome?> AttemptAsync(DueDelivery delivery, CancellationToken stoppingToken)
    {
        var at = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        int? status = null;
        string? error;
        TimeSpan? retryAfter = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(Options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Linktor-Event", delivery.Event);
            request.Headers.Add("Linktor-Delivery", delivery.Id.ToString());
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Create(SecretOf(delivery), at, delivery.Payload));
            using var response = await httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return Outcome(delivery, at, started, status, error: null, succeeded: true, retryAfter);
            }

            retryAfter = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date - at);
            error = await DescribeAsync(response, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            error = $"No answer within {Options.Timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException ex)
        {
            error = ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"{ex.HttpRequestError}: {ex.Message}";
        }
        catch (CryptographicException)
        {
            error = "The endpoint's signing secret cannot be decrypted (was the Data Protection key ring replaced?)";
        }

        return Outcome(delivery, at, started, status, error, succeeded: false, retryAfter);
    }

    /// <summary>The endpoint's secret, decrypted once per endpoint and secret rather than once per delivery.</summary>
    private string SecretOf(DueDelivery delivery)
    {
        if (_secrets.TryGetValue(delivery.WebhookId, out var known) && known.Protected == delivery.ProtectedSecret)
        {
            return known.Plain;
        }

        var plain = secrets.Unprotect(delivery.ProtectedSecret);
        _secrets[delivery.WebhookId] = (delivery.ProtectedSecret, plain);
        return plain;
    }

    private AttemptOutcome Outcome(
        DueDelivery delivery, DateTimeOffset at, long started, int? status, string? error, bool succeeded, TimeSpan? retryAfter)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? retryAt = succeeded || now - delivery.CreatedAt >= Options.RetryFor
            ? null
            : now + Backoff.Delay(delivery.AttemptCount + 1, Options.FirstRetryDelay, Options.MaxRetryDelay, retryAfter, Random.Shared);
        return new AttemptOutcome(at, clock.GetElapsedTime(started), status, error, succeeded, retryAt);
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        try
        {
            var body = (await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)).Trim();
            return body.Length == 0 ? text : $"{text}: {(body.Length > MaxErrorBodyChars ? body[..MaxErrorBodyChars] + "…" : body)}";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return text;
        }
    }

    /// <summary>Now and then, makes due a delivery that its predecessor's finish and its own queueing left waiting behind nothing.</summary>
    private async Task ReleaseStrandedIfDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _strandedReleasedAt < ReleaseStrandedEvery)
        {
            return;
        }

        _strandedReleasedAt = now;
        try
        {
            if (await queue.ReleaseStrandedAsync(now, ct).ConfigureAwait(false) > 0)
            {
                Signal(_work);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogClaimFailed(logger, ex.Message);
        }
    }

    private async Task PurgeIfDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _purgedAt < PurgeEvery)
        {
            return;
        }

        _purgedAt = now;
        try
        {
            var purged = await queue.PurgeFinishedAsync(now - Options.Retention, ct).ConfigureAwait(false);
            LogPurged(logger, purged);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPurgeFailed(logger, ex.Message);
        }
    }

    /// <summary>An attempt in the metrics, once recorded: delivered (with its lag from the event), to be retried, or failed for good.</summary>
    private void Count(DueDelivery d, AttemptOutcome outcome)
    {
        if (outcome.Succeeded)
        {
            MessagingMetrics.WebhookDelivered(outcome.AttemptedAt + outcome.Duration - d.CreatedAt);
        }
        else if (outcome.RetryAt is not null)
        {
            MessagingMetrics.WebhookRetrying();
        }
        else
        {
            MessagingMetrics.WebhookFailed();
        }
    }

    private void Log(DueDelivery d, AttemptOutcome outcome)
    {
        var attempt = d.AttemptCount + 1;
        if (outcome.Succeeded)
        {
            LogDelivered(logger, d.Event, d.Id, d.WebhookId, attempt, outcome.ResponseStatus);
        }
        else if (outcome.RetryAt is { } retryAt)
        {
            LogRetrying(logger, d.Event, d.Id, d.WebhookId, attempt, outcome.Error, retryAt);
        }
        else
        {
            LogGaveUp(logger, d.Event, d.Id, d.WebhookId, attempt, outcome.Error);
        }
    }

    // Log event ids 91xx: webhook deliveries (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 9101, Level = LogLevel.Debug, Message = "Webhook {Event} delivery {DeliveryId} to endpoint {WebhookId}: attempt {Attempt} answered {Status}")]
    private static partial void LogDelivered(ILogger logger, string @event, Guid deliveryId, Guid webhookId, int attempt, int? status);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Webhook {Event} delivery {DeliveryId} to endpoint {WebhookId}: attempt {Attempt} failed ({Error}); retrying at {RetryAt:o}")]
    private static partial void LogRetrying(ILogger logger, string @event, Guid deliveryId, Guid webhookId, int attempt, string? error, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Error, Message = "Webhook {Event} delivery {DeliveryId} to endpoint {WebhookId}: attempt {Attempt} failed ({Error}); retry period over, delivery failed")]
    private static partial void LogGaveUp(ILogger logger, string @event, Guid deliveryId, Guid webhookId, int attempt, string? error);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Warning, Message = "Could not claim due webhook deliveries: {Reason}")]
    private static partial void LogClaimFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Warning, Message = "Could not record an attempt of webhook delivery {DeliveryId} (it will be tried again): {Reason}")]
    private static partial void LogRecordFailed(ILogger logger, Guid deliveryId, string reason);

    [LoggerMessage(EventId = 9106, Level = LogLevel.Warning, Message = "An attempt of webhook delivery {DeliveryId} outlived its claim; another attempt was recorded first")]
    private static partial void LogAttemptSuperseded(ILogger logger, Guid deliveryId);

    [LoggerMessage(EventId = 9107, Level = LogLevel.Information, Message = "Purged {Count} finished webhook deliveries past their retention")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 9108, Level = LogLevel.Warning, Message = "Purging finished webhook deliveries failed: {Reason}")]
    private static partial void LogPurgeFailed(ILogger logger, string reason);
}
