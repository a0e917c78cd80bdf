using Linktor.Contracts.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Linktor.Grains.Events.Streaming;

/// <summary>
/// Base of an in-cluster consumer of stored events: one activation per tenant (the grain's Guid key is the tenant
/// id), receiving that tenant's events in order, in batches.
/// <para>To write one:</para>
/// <code>
/// public interface IWebhookDispatchGrain : IGrainWithGuidKey;
///
/// [ImplicitStreamSubscription(EventStreams.Namespace)]   // on the concrete class: it is what subscribes
/// internal sealed class WebhookDispatchGrain(WebhookDeliveryQueue queue) : EventConsumerGrain, IWebhookDispatchGrain
/// {
///     protected override async Task HandleAsync(IReadOnlyList&lt;StoredEvent&gt; events)
///     {
///         // Idempotent by event id: an event can come again (after a crash, a silo leaving, a retried batch).
///         await queue.EnqueueAsync(events.Select(ToWebhookEvent).ToList());   // ON CONFLICT (.., event_id) DO NOTHING
///     }
/// }
/// </code>
/// <para>
/// Delivery is at least once, never at most once. <see cref="HandleAsync"/> returning is the acknowledgement; throwing
/// makes the agent deliver the same batch again (with backoff, without end), and the tenant's later events wait
/// behind it for this consumer. So: make the effect idempotent, keyed by <see cref="StoredEvent.Id"/> (a unique
/// constraint, an upsert, or a processed-id check in the same transaction), and throw only for what a retry can fix.
/// An event that can never be processed must be handled (logged, parked) and not thrown, or it holds the tenant's
/// stream for this consumer, and, once the queue's cache fills, the other tenants of its queue too. A batch can
/// repeat events already processed (a crash between processing and acknowledgement); keep a call well under the
/// 30 s response timeout, or the agent retries it while it still runs.
/// </para>
/// <para>
/// Events of one tenant arrive in the order they were stored; consumers of different types receive them
/// independently, and the queue's durable cursor moves only past what all of them have processed.
/// </para>
/// </summary>
public abstract class EventConsumerGrain : Grain, IStreamSubscriptionObserver, IAsyncBatchObserver<StoredEvent>
{
    /// <summary>The tenant whose events this activation receives.</summary>
    protected Guid TenantId => this.GetPrimaryKey();

    /// <summary>
    /// Attaches this grain to the tenant's stream when the first batch arrives (for every new activation). Without it
    /// Orleans would drop the batch as having no observer, so it is not overridable.
    /// </summary>
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        if (handleFactory.ProviderName != EventStreams.ProviderName)
        {
            return;
        }

        await handleFactory.Create<StoredEvent>().ResumeAsync(this);
    }

    public Task OnNextAsync(IList<SequentialItem<StoredEvent>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return HandleAsync([.. items.Select(i => i.Item)]);
    }

    /// <summary>Processes a batch of the tenant's events, oldest first. Return = processed; throw = deliver again.</summary>
    protected abstract Task HandleAsync(IReadOnlyList<StoredEvent> events);

    /// <summary>The pulling agent tells the consumer it stopped delivering a batch (see <see cref="EventDeliveryFailureHandler"/>); nothing to do by default.</summary>
    public virtual Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public virtual Task OnCompletedAsync() => Task.CompletedTask;
}
