using Linktor.Contracts.Realtime;

namespace Linktor.Grains.Realtime;

/// <summary>
/// Hands events to the API nodes. Never blocks and never fails the caller: real-time delivery is
/// best effort, the message log is the truth clients resync from.
/// </summary>
public interface IRealtimePublisher
{
    void Publish(RealtimeEvent evt);
}
