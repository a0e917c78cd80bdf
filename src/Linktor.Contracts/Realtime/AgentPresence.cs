namespace Linktor.Contracts.Realtime;

/// <summary>The <c>presence</c> event (API.md, "SignalR"): an agent came online (a first connection) or went offline (the last one closed or lapsed).</summary>
[GenerateSerializer, Immutable, Alias("Linktor.AgentPresence")]
public sealed record AgentPresence(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Status)
{
    public const string Online = "online";
    public const string Offline = "offline";
}
