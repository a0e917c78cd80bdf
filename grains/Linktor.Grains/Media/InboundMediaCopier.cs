using Linktor.Grains.Common;
using Linktor.Storage.Media;
using Linktor.Storage.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linktor.Grains.Media;

/// <summary>
/// Copies inbound attachments into the media store, because providers forget theirs (WhatsApp media ids lapse after
/// 7 days) and the conversation must still show them next month. Every silo runs one; they share the durable copy
/// queue (<see cref="MediaCopyQueue"/>, filled from the events stream), so a copy interrupted by a crash is taken up
/// by another silo when its claim lapses, without anybody opening the attachment. A copy that fails for a passing
/// reason is retried with backoff for as long as the provider may still have it.
/// </summary>
public sealed partial class InboundMediaCopier(
    MediaCopyQueue queue, MessageReader messages, ProviderMediaClient provider, IOptions<MediaOptions> options, TimeProvider clock,
    ILogger<InboundMediaCopier> logger)
    : BackgroundService
{
    private const int Parallelism = 4;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromHours(1);

    /// <summary>How long providers keep an attachment (WhatsApp's media ids, the shortest); past it a copy cannot succeed.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(7);

    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private readonly SemaphoreSlim _work = new(0, 1);
    private DateTimeOffset _purgedAt = DateTimeOffset.MinValue;

    /// <summary>New copies were queued: look at once instead of at the next poll.</summary>
    public void Wake()
    {
        try
        {
            _work.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<DueMediaCopy> due = [];
            try
            {
                var now = clock.GetUtcNow();
                due = await queue.ClaimDueAsync(Parallelism * 4, now, now + options.Value.CopyLease, stoppingToken);
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken }, CopyAsync);
                await PurgeIfDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Copies cut short keep their claim, which lapses; another silo takes them then.
                return;
            }
            catch (Exception ex)
            {
                LogQueueUnavailable(logger, ex.Message);
            }

            if (due.Count == 0)
            {
                try
                {
                    await _work.WaitAsync(Poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async ValueTask CopyAsync(DueMediaCopy copy, CancellationToken ct)
    {
        string? error;
        try
        {
            if (await messages.GetAsync(copy.TenantId, copy.MessageId, ct) is not { Content.Media.ProviderMediaId: not null } message)
            {
                await RecordAsync(copy, copied: false, "The message or its attachment is gone.", retry: false, ct);
                return;
            }

            if (await provider.CopyAsync(message, ct) is { } nothing)
            {
                // The channel is gone, or the provider says there is no such attachment: nothing to keep, now or later.
                LogNothingToCopy(logger, copy.MessageId, nothing.Detail);
                await RecordAsync(copy, copied: false, nothing.Detail, retry: false, ct);
                return;
            }

            await RecordAsync(copy, copied: true, null, retry: false, ct);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = ex.Message;
        }

        var retry = clock.GetUtcNow() - copy.CreatedAt < GiveUpAfter;
        if (!retry)
        {
            LogGaveUp(logger, copy.MessageId, error);
        }

        await RecordAsync(copy, copied: false, error, retry, ct);
    }

    private async Task RecordAsync(DueMediaCopy copy, bool copied, string? error, bool retry, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? retryAt = retry ? now + Backoff.Delay(copy.AttemptCount + 1, FirstRetry, MaxRetry, null, Random.Shared) : null;
        try
        {
            await queue.RecordAsync(copy.MessageId, copied, error, retryAt, now, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not recorded: the claim lapses and the copy is made again (it replaces the earlier one).
            LogQueueUnavailable(logger, ex.Message);
        }
    }

    private async Task PurgeIfDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _purgedAt >= PurgeEvery)
        {
            _purgedAt = now;
            await queue.PurgeFinishedAsync(now - Retention, ct);
        }
    }

    // Log event ids 32xx: copies of inbound attachments (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Message {MessageId}'s attachment was not copied, and the provider no longer keeps it: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, Guid messageId, string reason);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Message {MessageId} has no attachment to copy: {Reason}")]
    private static partial void LogNothingToCopy(ILogger logger, Guid messageId, string reason);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "The attachment copy queue is unavailable: {Reason}")]
    private static partial void LogQueueUnavailable(ILogger logger, string reason);
}
