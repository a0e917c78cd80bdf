namespace Linktor.Contracts.Realtime;

/// <summary>An API node listening for events, and the backplane it shares with others (if any).</summary>
[GenerateSerializer, Immutable, Alias("Linktor.RealtimeSubscriber")]
public sealed record RealtimeSubscriber(
    [property: Id(0)] IRealtimeObserver Observer,
    [property: Id(1)] string? BackplaneGroup);
