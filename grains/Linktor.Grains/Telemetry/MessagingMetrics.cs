using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Linktor.Contracts.Channels;

namespace Linktor.Grains.Telemetry;

/// <summary>
/// The meter <c>Linktor.Messaging</c>: messages sent and received per channel type, the providers' errors by code,
/// webhook deliveries and their lag, and the outbox of every channel active on this silo (<see cref="OutboxReading"/>).
/// The hot paths only <c>Add</c> to a counter with tags of cached strings and boxes: nothing is allocated per message.
/// </summary>
public sealed class MessagingMetrics
{
    public const string MeterName = "Linktor.Messaging";

    private static readonly object True = true;
    private static readonly object False = false;

    private readonly ConcurrentDictionary<Guid, OutboxReading> _outboxes = new();
    private readonly TimeProvider _clock;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _received;
    private readonly Counter<long> _providerErrors;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Histogram<double> _webhookLag;

    public MessagingMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        var meter = meters.Create(MeterName);
        _sent = meter.CreateCounter<long>("linktor.messages.sent", "{message}",
            "Outbound messages a provider accepted (web chat and private notes: stored as sent)");
        _received = meter.CreateCounter<long>("linktor.messages.received", "{message}", "Inbound messages stored (repeats not counted)");
        _providerErrors = meter.CreateCounter<long>("linktor.provider.errors", "{error}", "Send attempts a provider failed, by the adapter's error code");
        _webhookDeliveries = meter.CreateCounter<long>("linktor.webhooks.deliveries", "{delivery}", "Webhook delivery attempts recorded, by outcome");
        _webhookLag = meter.CreateHistogram<double>("linktor.webhooks.lag", "s", "From an event's creation to its webhook's delivery",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });
        meter.CreateObservableGauge("linktor.outbox.depth", ObserveDepth, "{message}",
            "Messages queued in a channel's outbox window on this silo (a full window may have more waiting in the store)");
        meter.CreateObservableGauge("linktor.outbox.age", ObserveAge, "s", "How long the oldest message queued in a channel's outbox window has waited");
    }

    public void Sent(ChannelType type) => _sent.Add(1, ChannelTypeTag(type));

    public void Received(ChannelType type) => _received.Add(1, ChannelTypeTag(type));

    /// <param name="type">The channel's type.</param>
    /// <param name="code">The adapter's error code (a small fixed vocabulary: <c>rate_limited</c>, <c>auth_failed</c>, ...).</param>
    /// <param name="retryable">Whether an attempt with this error is tried again.</param>
    public void ProviderError(ChannelType type, string code, bool retryable) =>
        _providerErrors.Add(1, ChannelTypeTag(type), new("code", code), new("retryable", retryable ? True : False));

    public void WebhookDelivered(TimeSpan lag)
    {
        _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", "delivered"));
        _webhookLag.Record(Math.Max(0, lag.TotalSeconds));
    }

    public void WebhookRetrying() => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", "retry"));

    public void WebhookFailed() => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));

    /// <summary>A channel's outbox, reported by its grain while it is active here (<see cref="StopTracking"/> at deactivation).</summary>
    public OutboxReading TrackOutbox(Guid channelId, ChannelType type) =>
        _outboxes.GetOrAdd(channelId, static (id, type) => new OutboxReading(ChannelTypes.Name(type), id), type);

    public void StopTracking(Guid channelId, OutboxReading reading) => _outboxes.TryRemove(new KeyValuePair<Guid, OutboxReading>(channelId, reading));

    private static KeyValuePair<string, object?> ChannelTypeTag(ChannelType type) => new("channel_type", ChannelTypes.Name(type));

    private IEnumerable<Measurement<int>> ObserveDepth()
    {
        foreach (var reading in _outboxes.Values)
        {
            yield return new Measurement<int>(reading.Depth, reading.Tags);
        }
    }

    private IEnumerable<Measurement<double>> ObserveAge()
    {
        var now = _clock.GetUtcNow();
        foreach (var reading in _outboxes.Values)
        {
            yield return new Measurement<double>(reading.AgeAt(now).TotalSeconds, reading.Tags);
        }
    }
}
