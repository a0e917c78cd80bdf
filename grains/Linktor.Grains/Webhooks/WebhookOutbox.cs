using System.Text.Json;
using System.Threading.Channels;
using Linktor.Contracts.Json;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Common;
using Linktor.Storage.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Linktor.Grains.Webhooks;

/// <summary>
/// Turns this silo's events into durable deliveries, in batches: each event a tenant subscribed to gets its
/// body written once and one pending delivery per endpoint that wants it. While PostgreSQL is unreachable
/// the events wait here (up to <see cref="Capacity"/>) and the batch is retried.
/// </summary>
public sealed partial class WebhookOutbox(
    WebhookDeliveryQueue queue, WebhookSubscriptions subscriptions, WebhookDeliveryWorker worker, TimeProvider clock,
    ILogger<WebhookOutbox> logger) : BackgroundService
{
    private const int Capacity = 100_000;
    private const int MaxBatch = 500;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FlushOnStop = TimeSpan.FromSeconds(5);

    private readonly Channel<RealtimeEvent> _events = Channel.CreateBounded<RealtimeEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public void Publish(RealtimeEvent evt)
    {
        if (!_events.Writer.TryWrite(evt))
        {
            LogOverflow(logger, evt.Name, evt.TenantId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<RealtimeEvent>(MaxBatch);
        try
        {
            while (await _events.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Take(batch);
                await EnqueueWithRetryAsync(batch, stoppingToken).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what was published before the silo stopped still goes out, if the database lets it.
            using var flush = new CancellationTokenSource(FlushOnStop);
            try
            {
                for (Take(batch); batch.Count > 0; batch.Clear(), Take(batch))
                {
                    await EnqueueAsync(batch, flush.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                LogLostOnStop(logger, batch.Count + _events.Reader.Count, ex);
            }
        }
    }

    private void Take(List<RealtimeEvent> batch)
    {
        while (batch.Count < MaxBatch && _events.Reader.TryRead(out var evt))
        {
            batch.Add(evt);
        }
    }

    private async Task EnqueueWithRetryAsync(List<RealtimeEvent> batch, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EnqueueAsync(batch, ct).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var delay = Backoff.Delay(attempt, FirstRetryDelay, MaxRetryDelay, null, Random.Shared);
                LogEnqueueFailed(logger, batch.Count, delay.TotalSeconds, ex.Message);
                await Task.Delay(delay, clock, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task EnqueueAsync(List<RealtimeEvent> batch, CancellationToken ct)
    {
        await subscriptions.EnsureFreshAsync(ct).ConfigureAwait(false);
        var wanted = batch.Where(e => subscriptions.Wants(e.TenantId, e.Name)).Select(ToWebhookEvent).ToList();
        if (wanted.Count > 0 && await queue.EnqueueAsync(wanted, ct).ConfigureAwait(false) > 0)
        {
            worker.Wake();
        }
    }

    private static WebhookEvent ToWebhookEvent(RealtimeEvent e)
    {
        var id = Ids.New();
        var data = (object?)e.Message ?? (object?)e.Conversation ?? (object?)e.Contact ?? e.Channel;
        var body = JsonSerializer.Serialize(new WebhookBody(id, e.Name, e.At, e.TenantId, data), WireJson.Options);
        return new WebhookEvent(id, e.TenantId, e.Name, body, e.At);
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "The webhook outbox is full: {Event} of tenant {TenantId} is not delivered to webhooks")]
    private static partial void LogOverflow(ILogger logger, string @event, Guid tenantId);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Could not queue {Count} webhook events; retrying in {Seconds:0.0} s: {Reason}")]
    private static partial void LogEnqueueFailed(ILogger logger, int count, double seconds, string reason);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Error, Message = "{Count} webhook events were not queued before the silo stopped")]
    private static partial void LogLostOnStop(ILogger logger, int count, Exception error);
}
