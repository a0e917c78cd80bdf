using Linktor.Contracts.Common;

namespace Linktor.Contracts.Realtime;

/// <summary>
/// Which of a tenant's agents are online (key: tenant id), across every API node: an agent is online while any of
/// their inbox connections is. API nodes report connections as they open and close, and renew the ones they hold
/// well within <c>Linktor:Presence:Lease</c>, so the connections of a node that crashed lapse, and a restarted
/// grain relearns who is online from the next renewals.
/// </summary>
[Alias("Linktor.ITenantPresenceGrain")]
public interface ITenantPresenceGrain : IGrainWithGuidKey
{
    [Alias("Connect")]
    Task ConnectAsync(AgentConnection connection);

    [Alias("Disconnect")]
    Task DisconnectAsync(AgentConnection connection);

    /// <summary>The connections one API node still holds for this tenant.</summary>
    [Alias("Renew")]
    Task RenewAsync(IReadOnlyList<AgentConnection> connections);

    [Idempotent, Alias("GetOnline")]
    Task<IReadOnlyList<Guid>> GetOnlineAsync();
}
