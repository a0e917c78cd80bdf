using System.Collections.Concurrent;
using Linktor.Api.Auth;
using Linktor.Contracts.Realtime;
using Linktor.Storage.Tenants;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Realtime;

/// <summary>
/// The agents' inbox connections this node holds, by session: hubs authenticate at connect only, so when a session
/// ends (logout, disable, delete, password change) its connections are closed here. The tenant grain announces each
/// ending to every node (<see cref="SessionsEnded"/> through the realtime relay); as a fallback for an announcement
/// lost on the way, the held sessions are re-checked against PostgreSQL every <see cref="RealtimeOptions.SessionRecheckInterval"/>.
/// </summary>
public sealed partial class SessionConnections(
    TenantQueries tenants, IMemoryCache cache, IOptions<RealtimeOptions> options, ILogger<SessionConnections> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, HeldSession> _held = new();

    public void Opened(Guid tenantId, Guid userId, Guid sessionId, HubCallerContext context) =>
        _held[context.ConnectionId] = new HeldSession(tenantId, userId, sessionId, context);

    public void Closed(string connectionId) => _held.TryRemove(connectionId, out _);

    /// <summary>Closes this node's connections of the sessions that ended, and forgets their cached session checks.</summary>
    public void End(Guid tenantId, SessionsEnded ended)
    {
        if (ended.SessionId is { } one)
        {
            cache.Remove(SessionValidator.CacheKey(one));
        }
        else if (cache is MemoryCache memory)
        {
            // Every session of the user, also those this node only saw on REST requests.
            memory.Clear();
        }

        Close(_held.Values.Where(h => h.TenantId == tenantId && ended.Covers(h.UserId, h.SessionId)));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SessionRecheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var sessions = _held.Values.Select(h => h.SessionId).Distinct().ToList();
            if (sessions.Count == 0)
            {
                continue;
            }

            try
            {
                var ended = await tenants.FindEndedSessionsAsync(sessions, stoppingToken).ConfigureAwait(false);
                Close(_held.Values.Where(h => ended.Contains(h.SessionId)));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // PostgreSQL is away: the connections stay until the next check (hub calls still check their session).
                LogRecheckFailed(logger, ex.GetType().Name, ex.Message);
            }
        }
    }

    private void Close(IEnumerable<HeldSession> connections)
    {
        foreach (var held in connections.ToList())
        {
            LogClosing(logger, held.Context.ConnectionId, held.UserId);
            _held.TryRemove(held.Context.ConnectionId, out _);
            held.Context.Abort();
        }
    }

    private sealed record HeldSession(Guid TenantId, Guid UserId, Guid SessionId, HubCallerContext Context);

    // Log event ids 60xx: the API's real-time connections (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Closing inbox connection {ConnectionId} of user {UserId}: its session ended")]
    private static partial void LogClosing(ILogger logger, string connectionId, Guid userId);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Could not re-check the sessions of open inbox connections: {Type}: {Message}")]
    private static partial void LogRecheckFailed(ILogger logger, string type, string message);
}
