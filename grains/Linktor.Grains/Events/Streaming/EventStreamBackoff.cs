using Linktor.Grains.Common;
using Orleans.Runtime.Providers;

namespace Linktor.Grains.Events.Streaming;

/// <summary>
/// How long a pulling agent waits before trying again: a consumer that threw (the same batch again, never the next
/// one) or a failed read of the table. Exponential from the base delay, capped, with jitter, as elsewhere in Linktor.
/// </summary>
internal sealed class EventStreamBackoff(TimeSpan baseDelay, TimeSpan maxDelay) : IMessageDeliveryBackoffProvider, IQueueReaderBackoffProvider
{
    /// <summary><paramref name="attempt"/> counts from 0, the first retry.</summary>
    public TimeSpan Next(int attempt) => Backoff.Delay(attempt + 1, baseDelay, maxDelay, null, Random.Shared);
}
