using Linktor.Contracts.Events;
using Linktor.Contracts.Webhooks;
using Linktor.Grains.Events.Streaming;
using Linktor.Storage.Webhooks;

namespace Linktor.Grains.Webhooks;

/// <summary>
/// Turns a tenant's stored events into durable deliveries: each event an active endpoint subscribed to gets its body
/// written once and one pending delivery per such endpoint (<see cref="WebhookDeliveryQueue"/>), in the order the
/// events happened. At least once from the stream, once in the queue: the queue is unique per endpoint and event.
/// While PostgreSQL is unreachable this throws, and the stream delivers the batch again later; nothing waits in memory.
/// </summary>
[ImplicitStreamSubscription(EventStreams.Namespace)]
internal sealed class WebhookDispatchGrain(WebhookDeliveryQueue queue, WebhookSubscriptions subscriptions, WebhookDeliveryWorker worker)
    : EventConsumerGrain, IWebhookDispatchGrain
{
    protected override async Task HandleAsync(IReadOnlyList<StoredEvent> events)
    {
        await subscriptions.EnsureFreshAsync(CancellationToken.None);
        var wanted = events
            .Where(e => subscriptions.Wants(e.TenantId, e.Name))
            .Select(e => new WebhookEvent(e.Id, e.TenantId, e.Name, WebhookBody.Of(e), e.CreatedAt, e.ConversationId))
            .ToList();
        if (wanted.Count > 0 && await queue.EnqueueAsync(wanted) > 0)
        {
            worker.Wake();
        }
    }
}
