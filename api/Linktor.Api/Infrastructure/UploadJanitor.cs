using Linktor.Storage.Media;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Infrastructure;

/// <summary>
/// Deletes uploads that no message took up within <c>Linktor:Media:UnreferencedUploadRetention</c>, file and ledger row,
/// every <c>UploadJanitorInterval</c>. Every API node runs one: they claim disjoint uploads (<see cref="MediaUploads.CollectUnreferencedAsync"/>),
/// and deleting a file that is already gone is no error, so two at once only share the work.
/// </summary>
public sealed partial class UploadJanitor(MediaUploads uploads, IMediaStore store, IOptions<MediaOptions> options, TimeProvider time, ILogger<UploadJanitor> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UploadJanitorInterval, time);
        do
        {
            try
            {
                await CollectAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database or the media store is away for now: the next round tries again.
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: every collectable upload, a batch at a time.</summary>
    public async Task<int> CollectAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow() - options.Value.UnreferencedUploadRetention;
        var total = 0;
        int collected;
        do
        {
            collected = await uploads.CollectUnreferencedAsync(before, BatchSize, store.DeleteAsync, ct);
            total += collected;
        }
        while (collected == BatchSize);

        if (total > 0)
        {
            LogCollected(logger, total, options.Value.UnreferencedUploadRetention);
        }

        return total;
    }

    // Log event ids 71xx: the upload janitor (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Deleted {Count} uploads no message referred to within {Retention}.")]
    private static partial void LogCollected(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Collecting unreferenced uploads failed; the next round tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
