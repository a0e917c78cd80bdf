using System.Collections.Concurrent;

namespace Linktor.Api.Realtime;

/// <summary>Counts an agent's connections on this node: online with the first, offline after the last.</summary>
public sealed class PresenceTracker
{
    private readonly ConcurrentDictionary<(Guid Tenant, Guid User), int> _connections = new();

    /// <returns>True when this connection made the agent online.</returns>
    public bool Connected(Guid tenantId, Guid userId) => _connections.AddOrUpdate((tenantId, userId), 1, (_, n) => n + 1) == 1;

    /// <returns>True when this was the agent's last connection.</returns>
    public bool Disconnected(Guid tenantId, Guid userId)
    {
        var key = (tenantId, userId);
        var left = _connections.AddOrUpdate(key, 0, (_, n) => Math.Max(0, n - 1));
        if (left == 0)
        {
            _connections.TryRemove(new KeyValuePair<(Guid, Guid), int>(key, 0));
            return true;
        }

        return false;
    }

    public bool IsOnline(Guid tenantId, Guid userId) => _connections.TryGetValue((tenantId, userId), out var n) && n > 0;
}
