using System.Collections.Concurrent;
using Linktor.Contracts.Realtime;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Realtime;

/// <summary>
/// The agents' inbox connections this API node holds, reported to each tenant's presence grain as they open and
/// close, and renewed well within the lease, so that presence is cluster-wide: an agent with a tab on each of two
/// nodes stays online when one closes, and the agents of a node that crashed go offline when their lease lapses.
/// </summary>
public sealed partial class AgentConnections(IGrainFactory grains, IOptions<PresenceOptions> options, ILogger<AgentConnections> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, (Guid TenantId, AgentConnection Connection)> _held = new();

    public async Task OpenedAsync(Guid tenantId, AgentConnection connection)
    {
        _held[connection.ConnectionId] = (tenantId, connection);
        await ReportAsync(() => grains.GetGrain<ITenantPresenceGrain>(tenantId).ConnectAsync(connection));
    }

    public async Task ClosedAsync(Guid tenantId, AgentConnection connection)
    {
        _held.TryRemove(connection.ConnectionId, out _);
        await ReportAsync(() => grains.GetGrain<ITenantPresenceGrain>(tenantId).DisconnectAsync(connection));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await Task.WhenAll(_held.Values.GroupBy(h => h.TenantId).Select(tenant =>
                ReportAsync(() => grains.GetGrain<ITenantPresenceGrain>(tenant.Key).RenewAsync([.. tenant.Select(h => h.Connection)]))));
        }
    }

    // Presence is advisory: a failed report never fails the agent's connection. The next renewal repairs an open;
    // a missed close lapses with the lease.
    private async Task ReportAsync(Func<Task> report)
    {
        try
        {
            await report();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReportFailed(logger, ex.GetType().Name, ex.Message);
        }
    }

    // Log event ids 60xx: the API's real-time connections (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Could not report agent presence: {Type}: {Message}")]
    private static partial void LogReportFailed(ILogger logger, string type, string message);
}
