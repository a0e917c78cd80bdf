using Linktor.Contracts.Realtime;

namespace Linktor.Grains.Events;

/// <summary>
/// Where grains announce a stored change (<c>message.created</c>, <c>conversation.updated</c>, ...) to the agents
/// watching in real time. Never blocks and never fails the caller: the change itself is already stored with its
/// durable event (the outbox), and clients catch up from seq. Everything else reads the events stream.
/// </summary>
public interface IEventPublisher
{
    void Publish(RealtimeEvent evt);
}
