namespace Linktor.Contracts.Realtime;

/// <summary>One of an agent's inbox connections (a browser tab), by its SignalR connection id.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.AgentConnection")]
public sealed record AgentConnection(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string ConnectionId);
