using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Linktor.Contracts.Channels;

namespace Linktor.Grains.Telemetry;

/// <summary>
/// The meter <c>Linktor.Messaging</c>: messages sent and received per channel type, the providers' errors by code,
/// webhook deliveries and their lag, and the outbox of every channel active on this silo (<see cref="OutboxReading"/>).
/// The hot paths only <c>Add</c> to a counter with tags of cached strings and boxes: nothing is allocated per message.
/// </summary>
/// <remarks>
/// Static, as <c>StorageTelemetry</c>: one process runs one silo, so process-wide is silo-wide; and the same
/// instruments made by several hosts' meter factories in one process (the tests' nodes) were not reliably exported
/// by each host's provider.
/// </remarks>
public static class MessagingMetrics
{
    public const string MeterName = "Linktor.Messaging";

    private static readonly object True = true;
    private static readonly object False = false;

    private static readonly ConcurrentDictionary<Guid, OutboxReading> Outboxes = new();
    private static readonly Meter Meter = CreateMeterWithGauges();

    private static readonly Counter<long> SentCount = Meter.CreateCounter<long>("linktor.messages.sent", "{message}",
        "Outbound messages a provider accepted (web chat and private notes: stored as sent)");

    private static readonly Counter<long> ReceivedCount = Meter.CreateCounter<long>("linktor.messages.received", "{message}",
        "Inbound messages stored (repeats not counted)");

    private static readonly Counter<long> ProviderErrors = Meter.CreateCounter<long>("linktor.provider.errors", "{error}",
        "Send attempts a provider failed, by the adapter's error code");

    private static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>("linktor.webhooks.deliveries", "{delivery}",
        "Webhook delivery attempts recorded, by outcome");

    private static readonly Histogram<double> WebhookLag = Meter.CreateHistogram<double>("linktor.webhooks.lag", "s",
        "From an event's creation to its webhook's delivery",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] });

    /// <summary>The meter, with its gauges: they are observed, never written, so nothing else needs to hold them.</summary>
    private static Meter CreateMeterWithGauges()
    {
        var meter = new Meter(MeterName);
        meter.CreateObservableGauge("linktor.outbox.depth", ObserveDepth, "{message}",
            "Messages queued in a channel's outbox window on this silo (a full window may have more waiting in the store)");
        meter.CreateObservableGauge("linktor.outbox.age", ObserveAge, "s", "How long the oldest message queued in a channel's outbox window has waited");
        return meter;
    }

    public static void Sent(ChannelType type) => SentCount.Add(1, ChannelTypeTag(type));

    public static void Received(ChannelType type) => ReceivedCount.Add(1, ChannelTypeTag(type));

    /// <param name="type">The channel's type.</param>
    /// <param name="code">The adapter's error code (a small fixed vocabulary: <c>rate_limited</c>, <c>auth_failed</c>, ...).</param>
    /// <param name="retryable">Whether an attempt with this error is tried again.</param>
    public static void ProviderError(ChannelType type, string code, bool retryable) =>
        ProviderErrors.Add(1, ChannelTypeTag(type), new("code", code), new("retryable", retryable ? True : False));

    public static void WebhookDelivered(TimeSpan lag)
    {
        WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", "delivered"));
        WebhookLag.Record(Math.Max(0, lag.TotalSeconds));
    }

    public static void WebhookRetrying() => WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", "retry"));

    public static void WebhookFailed() => WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));

    /// <summary>A channel's outbox, reported by its grain while it is active here (<see cref="StopTracking"/> at deactivation).</summary>
    /// <remarks>A new activation's reading replaces any its predecessor left; each removes only its own.</remarks>
    public static OutboxReading TrackOutbox(Guid channelId, ChannelType type, TimeProvider clock)
    {
        var reading = new OutboxReading(ChannelTypes.Name(type), channelId, clock);
        Outboxes[channelId] = reading;
        return reading;
    }

    public static void StopTracking(Guid channelId, OutboxReading reading) => Outboxes.TryRemove(new KeyValuePair<Guid, OutboxReading>(channelId, reading));

    private static KeyValuePair<string, object?> ChannelTypeTag(ChannelType type) => new("channel_type", ChannelTypes.Name(type));

    private static IEnumerable<Measurement<int>> ObserveDepth()
    {
        foreach (var reading in Outboxes.Values)
        {
            yield return new Measurement<int>(reading.Depth, reading.Tags);
        }
    }

    private static IEnumerable<Measurement<double>> ObserveAge()
    {
        foreach (var reading in Outboxes.Values)
        {
            yield return new Measurement<double>(reading.Age.TotalSeconds, reading.Tags);
        }
    }
}
