using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Storage.Messages;
using Microsoft.Extensions.Logging;

namespace Linktor.Grains.Hosting;

/// <summary>
/// When a silo becomes active, wakes every channel that has queued outbound messages, so sends
/// acknowledged before a restart go out now rather than at the next reminder tick.
/// </summary>
internal sealed partial class OutboxRecovery(MessageReader messages, IGrainFactory grains, ILogger<OutboxRecovery> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OutboxRecovery), ServiceLifecycleStage.Active, OnActiveAsync);

    private Task OnActiveAsync(CancellationToken ct)
    {
        // In the background: start-up must not wait for a database scan.
        _ = Task.Run(async () =>
        {
            try
            {
                var channels = await messages.ListChannelsWithQueuedAsync(ct);
                foreach (var (tenantId, channelId) in channels)
                {
                    await grains.Get<IChannelGrain>(GrainKeys.Scoped(tenantId, channelId)).GetCapabilitiesAsync();
                }

                LogWoken(logger, channels.Count);
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    // Log event ids 40xx: silo start (outbox recovery) (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Woke {Count} channels with queued outbound messages")]
    private static partial void LogWoken(ILogger logger, int count);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Could not scan for queued outbound messages; channel reminders will pick them up")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
