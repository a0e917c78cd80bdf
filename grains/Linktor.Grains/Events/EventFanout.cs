using Linktor.Contracts.Realtime;
using Linktor.Grains.Realtime;
using Linktor.Grains.Webhooks;

namespace Linktor.Grains.Events;

/// <summary>Every event goes two ways: to the API nodes for SignalR (best effort) and to the tenant's webhook endpoints (durable).</summary>
internal sealed class EventFanout(RealtimeDispatcher realtime, WebhookOutbox webhooks) : IEventPublisher
{
    public void Publish(RealtimeEvent evt)
    {
        realtime.Publish(evt);
        webhooks.Publish(evt);
    }
}
