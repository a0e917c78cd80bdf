namespace Linktor.Contracts.Realtime;

/// <summary>An API node receiving events to hand to its SignalR connections (GPSTracker pattern).</summary>
[Alias("Linktor.IRealtimeObserver")]
public interface IRealtimeObserver : IGrainObserver
{
    [Alias("OnEvents")]
    Task OnEventsAsync(IReadOnlyList<RealtimeEvent> events);
}
