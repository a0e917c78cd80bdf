using Linktor.Contracts.Realtime;
using Microsoft.Extensions.Options;

namespace Linktor.Grains.Realtime;

/// <summary>
/// A tenant's online agents, held in memory only: presence is what the API nodes report now, so a restarted grain
/// starts empty and is complete again after one renewal round. Announces each agent's first connection and the
/// end (close or lapse) of the last one as a <c>presence</c> event.
/// </summary>
public sealed class TenantPresenceGrain(RealtimeDispatcher realtime, TimeProvider clock, IOptions<PresenceOptions> options)
    : Grain, ITenantPresenceGrain
{
    private readonly Dictionary<Guid, Dictionary<string, DateTimeOffset>> _connections = [];

    private TimeSpan Lease => options.Value.Lease;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var every = options.Value.RenewEvery;
        this.RegisterGrainTimer(ExpireLapsed, new GrainTimerCreationOptions(every, every));
        return Task.CompletedTask;
    }

    public Task ConnectAsync(AgentConnection connection)
    {
        Hold(connection, clock.GetUtcNow() + Lease);
        return Task.CompletedTask;
    }

    public Task DisconnectAsync(AgentConnection connection)
    {
        if (_connections.TryGetValue(connection.UserId, out var held) && held.Remove(connection.ConnectionId) && held.Count == 0)
        {
            _connections.Remove(connection.UserId);
            Announce(connection.UserId, AgentPresence.Offline);
        }

        return Task.CompletedTask;
    }

    public Task RenewAsync(IReadOnlyList<AgentConnection> connections)
    {
        var until = clock.GetUtcNow() + Lease;
        foreach (var connection in connections)
        {
            Hold(connection, until);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Guid>> GetOnlineAsync()
    {
        ExpireLapsed();
        return Task.FromResult<IReadOnlyList<Guid>>([.. _connections.Keys]);
    }

    private void Hold(AgentConnection connection, DateTimeOffset until)
    {
        if (!_connections.TryGetValue(connection.UserId, out var held))
        {
            _connections[connection.UserId] = held = [];
            Announce(connection.UserId, AgentPresence.Online);
        }

        held[connection.ConnectionId] = until;
    }

    private Task ExpireLapsed()
    {
        var now = clock.GetUtcNow();
        foreach (var (user, held) in _connections.ToList())
        {
            foreach (var lapsed in held.Where(c => c.Value <= now).Select(c => c.Key).ToList())
            {
                held.Remove(lapsed);
            }

            if (held.Count == 0)
            {
                _connections.Remove(user);
                Announce(user, AgentPresence.Offline);
            }
        }

        return Task.CompletedTask;
    }

    private void Announce(Guid userId, string status) => realtime.Publish(new RealtimeEvent
    {
        Name = EventNames.Presence,
        TenantId = this.GetPrimaryKey(),
        Presence = new AgentPresence(userId, status),
        At = clock.GetUtcNow(),
    });
}
