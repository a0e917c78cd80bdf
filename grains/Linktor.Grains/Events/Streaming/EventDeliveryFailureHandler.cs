using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Linktor.Grains.Events.Streaming;

/// <summary>
/// Never faults a subscription (implicit ones cannot be faulted anyway, and a faulted one would stop receiving for
/// good). The agent retries a failing delivery without end (<c>MaxEventDeliveryTime</c> is infinite), so it calls this
/// only when it stops for another reason, such as the queue leaving this silo: the event then stays past the durable
/// cursor and is delivered again by the queue's next reader.
/// </summary>
internal sealed partial class EventDeliveryFailureHandler(ILogger logger) : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogDeliveryStopped(logger, streamIdentity.ToString(), subscriptionId.Guid, sequenceToken?.ToString());
        return Task.CompletedTask;
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken)
    {
        LogSubscriptionFailed(logger, streamIdentity.ToString(), subscriptionId.Guid, sequenceToken?.ToString());
        return Task.CompletedTask;
    }

    // Log event ids 120xx: the events outbox's queues (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 12011, Level = LogLevel.Warning, Message = "Stopped delivering stream {Stream} to subscription {Subscription} at {Token}; it stays undelivered past the queue's cursor and is delivered again by the queue's next reader")]
    private static partial void LogDeliveryStopped(ILogger logger, string stream, Guid subscription, string? token);

    [LoggerMessage(EventId = 12012, Level = LogLevel.Warning, Message = "Setting up subscription {Subscription} to stream {Stream} failed at {Token}; delivery goes on from the cache")]
    private static partial void LogSubscriptionFailed(ILogger logger, string stream, Guid subscription, string? token);
}
