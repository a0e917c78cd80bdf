using Linktor.Contracts.Cluster;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Cluster;

/// <summary>
/// Polls the silos' membership view (<see cref="IClusterViewGrain"/>, served by whichever gateway a poll reaches) and
/// hands it to <see cref="SiloDeaths"/>, every second, and five times a second for a while after a gateway connection
/// closed. An Orleans client learns of no death by itself: a call whose request a crashed silo took, as the gateway or
/// as the grain's host, would wait out the response timeout.
/// </summary>
public sealed partial class SiloDeathWatch(
    IGrainFactory grains, SiloDeaths deaths, IOptions<FailoverOptions> options, TimeProvider clock, ILogger<SiloDeathWatch> logger) : BackgroundService
{
    /// <summary>Polls rotate over a few keys, so that they do not all go through one gateway (a client picks one per grain).</summary>
    private const int Keys = 8;

    /// <summary>Polls at once while on alert.</summary>
    private const int AlertFanOut = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        for (var poll = 0; !stoppingToken.IsCancellationRequested; poll++)
        {
            var gatewayLost = deaths.GatewayLost;
            var alert = deaths.SinceGatewayLoss is { } since && since < settings.AlertWindow;
            // On alert, several gateways at once (one per key, most likely): the first answer that shows the death tells
            // at once, however slow the others (a loaded silo, or a poll that went to the one that crashed).
            await Task.WhenAll(Enumerable.Range(0, alert ? AlertFanOut : 1).Select(i => PollAsync((poll * AlertFanOut) + i, settings, stoppingToken)));

            // A gateway connection that closes meanwhile cuts the wait short: the poll after it is the one that matters.
            await Task.WhenAny(Task.Delay(alert ? settings.AlertPollInterval : settings.PollInterval, clock, stoppingToken), gatewayLost);
        }
    }

    private async Task PollAsync(int key, FailoverOptions settings, CancellationToken stoppingToken)
    {
        try
        {
            var view = await grains.GetGrain<IClusterViewGrain>(key % Keys).GetViewAsync().WaitAsync(settings.PollTimeout, clock, stoppingToken);
            foreach (var silo in deaths.Learn(view))
            {
                LogDeclared(logger, silo);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Before the client connects, or a gateway that just went away: the next poll asks another.
            LogPollFailed(logger, ex);
        }
    }

    // Log event ids 61xx: the API's watch on silo deaths (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Silo {Silo} was declared dead; grain calls still waiting on the cluster fail over")]
    private static partial void LogDeclared(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Debug, Message = "Could not read the cluster's membership view")]
    private static partial void LogPollFailed(ILogger logger, Exception error);
}
