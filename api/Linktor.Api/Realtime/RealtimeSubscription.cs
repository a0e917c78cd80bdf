using Linktor.Contracts.Realtime;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Realtime;

/// <summary>
/// Keeps this API node in the cluster's realtime directory: subscribes its relay as an observer
/// and renews well within the directory's expiry, so a restarted silo relearns it within seconds.
/// </summary>
public sealed partial class RealtimeSubscription(
    IGrainFactory grains, RealtimeRelay relay, IOptions<RealtimeOptions> options, ILogger<RealtimeSubscription> logger) : BackgroundService
{
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reference = grains.CreateObjectReference<IRealtimeObserver>(relay);
        var group = options.Value.RedisBackplane ? "redis" : null;
        var directory = grains.GetGrain<IRealtimeDirectoryGrain>(0);
        using var timer = new PeriodicTimer(RenewEvery);
        do
        {
            try
            {
                await directory.SubscribeAsync(reference, group);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRenewFailed(logger, ex.GetType().Name, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IRealtimeDirectoryGrain>(0).UnsubscribeAsync(grains.CreateObjectReference<IRealtimeObserver>(relay));
        }
        catch (Exception ex)
        {
            LogRenewFailed(logger, ex.GetType().Name, ex.Message);
        }

        await base.StopAsync(cancellationToken);
    }

    // Log event ids 60xx: the API's real-time connections (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Could not renew the realtime subscription: {Type}: {Message}")]
    private static partial void LogRenewFailed(ILogger logger, string type, string message);
}
