using Linktor.Adapters;
using Linktor.Grains.Telemetry;

namespace Linktor.Grains.Channels;

/// <summary>
/// What the outbox tells the metrics (<see cref="MessagingMetrics"/>): each provider answer, and the depth and age of
/// the window, reported from the grain's turn.
/// </summary>
public sealed partial class ChannelGrain
{
    /// <summary>How often, at most, the pump refreshes the outbox gauges while it works (a scrape comes every 15 s or so).</summary>
    private static readonly TimeSpan OutboxReportInterval = TimeSpan.FromSeconds(1);

    private OutboxReading? _outboxReading;
    private long _outboxReportedAt;

    /// <summary>A provider's answer in the metrics: a send it accepted, or its error (retried or not, as the scheduler will decide).</summary>
    private void CountAttempt(SendResult result)
    {
        if (result.Outcome == SendOutcome.Sent)
        {
            MessagingMetrics.Sent(state.State.Type);
        }
        else if (result.Error is { } error)
        {
            var retryable = result.Outcome == SendOutcome.Retryable || (result.Outcome == SendOutcome.Unknown && Adapter.DeduplicatesSends);
            MessagingMetrics.ProviderError(state.State.Type, error.Code, retryable);
        }
    }

    /// <summary>
    /// Refreshes this channel's outbox gauges: how many messages the window holds, and since when the oldest has waited.
    /// In the grain's turn (the window is not safe to read elsewhere), at most once a <see cref="OutboxReportInterval"/>
    /// while the pump works, and always when it stops; O(window) each time, never per message.
    /// </summary>
    private void ReportOutbox(bool force)
    {
        if (!Exists)
        {
            return;
        }

        var now = clock.GetTimestamp();
        if (!force && _outboxReading is not null && clock.GetElapsedTime(_outboxReportedAt, now) < OutboxReportInterval)
        {
            return;
        }

        _outboxReportedAt = now;
        DateTimeOffset? oldest = null;
        foreach (var item in Window.Items)
        {
            if (oldest is null || item.Message.CreatedAt < oldest)
            {
                oldest = item.Message.CreatedAt;
            }
        }

        (_outboxReading ??= MessagingMetrics.TrackOutbox(ChannelId, state.State.Type, clock)).Report(Window.Count, oldest);
    }

    /// <summary>A deactivated (or deleted) channel's outbox is no longer this silo's to report.</summary>
    private void StopReportingOutbox()
    {
        if (_outboxReading is { } reading)
        {
            MessagingMetrics.StopTracking(ChannelId, reading);
            _outboxReading = null;
        }
    }
}
