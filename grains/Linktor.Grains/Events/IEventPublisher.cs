using Linktor.Contracts.Realtime;

namespace Linktor.Grains.Events;

/// <summary>
/// Where grains announce a state change (<c>message.created</c>, <c>conversation.updated</c>, ...). Never
/// blocks and never fails the caller: the change itself is already stored, and subscribers catch up from it.
/// </summary>
public interface IEventPublisher
{
    void Publish(RealtimeEvent evt);
}
