using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Linktor.Grains.Idempotency;

/// <summary>
/// Deletes idempotency keys past their 24 hours (with an hour's margin) from grain storage, hourly.
/// Several silos doing it at once is harmless.
/// </summary>
internal sealed partial class IdempotencyJanitor(NpgsqlDataSource dataSource, ILogger<IdempotencyJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var cmd = dataSource.CreateCommand(
                    "DELETE FROM orleansstorage WHERE graintypestring = 'idempotency' AND modifiedon < now() - interval '25 hours'");
                var purged = await cmd.ExecuteNonQueryAsync(stoppingToken);
                LogPurged(logger, purged);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    // Log event ids 80xx: idempotency keys (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Purged {Count} expired idempotency keys")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Purging expired idempotency keys failed")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
