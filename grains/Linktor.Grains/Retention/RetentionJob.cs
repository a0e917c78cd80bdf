using Linktor.Contracts.Common;
using Linktor.Contracts.Conversations;
using Linktor.Storage.Retention;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Linktor.Grains.Retention;

/// <summary>
/// The daily retention sweep. Every silo checks hourly, but one sweep runs in the cluster at a time (a PostgreSQL
/// advisory lock) and at most one a day (<c>retention_sweeps</c> says when the last finished). Per tenant with a
/// period, it deletes the messages older than it in batches (<see cref="RetentionStore.DeleteMessagesAsync"/>: short
/// statements that never hold a send up), tells their conversations to read their log again, marks the attachments
/// of messages older than the media period for deletion, and then deletes the files.
/// </summary>
public sealed partial class RetentionJob(
    RetentionStore store, MediaDeletions files, IGrainFactory grains, TimeProvider clock, ILogger<RetentionJob> logger) : BackgroundService
{
    public const int BatchSize = 1000;

    private static readonly TimeSpan CheckEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan Period = TimeSpan.FromDays(1);

    /// <summary>
    /// Runs one sweep as of <paramref name="now"/>, unless another node is running one (then null). Whether a day has
    /// passed since the last is the schedule's question, not this one's.
    /// </summary>
    public async Task<RetentionSweep?> SweepAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        RetentionSweep? result = null;
        await store.RunAloneAsync(async token => result = await SweepAloneAsync(now, token), ct);
        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, clock);
        do
        {
            try
            {
                var now = clock.GetUtcNow();
                if (await store.LastSweepAsync(stoppingToken) is not { } last || now - last >= Period)
                {
                    await SweepAsync(now, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<RetentionSweep> SweepAloneAsync(DateTimeOffset now, CancellationToken ct)
    {
        var tenants = await store.ListLimitedAsync(ct);
        var (messages, attachments) = (0, 0);
        foreach (var tenant in tenants)
        {
            if (tenant.Policy.MessagesDays is { } messageDays)
            {
                messages += await Batches.RunUntilNoneAsync(async () =>
                {
                    var batch = await store.DeleteMessagesAsync(tenant.TenantId, now.AddDays(-messageDays), BatchSize, ct);
                    await TellConversationsAsync(tenant.TenantId, batch.Conversations);
                    return batch.Count;
                });
            }

            if (tenant.Policy.MediaDays is { } mediaDays)
            {
                attachments += await Batches.RunAsync(
                    () => store.DeleteMediaAsync(tenant.TenantId, now.AddDays(-mediaDays), now, BatchSize, ct), BatchSize);
            }
        }

        var deletedFiles = await files.DrainAllAsync(null, BatchSize, ct);
        await store.RecordSweepAsync(clock.GetUtcNow(), ct);
        var sweep = new RetentionSweep(tenants.Count, messages, attachments, deletedFiles);
        LogSwept(logger, sweep.Tenants, sweep.Messages, sweep.Attachments, sweep.Files);
        return sweep;
    }

    /// <summary>
    /// Active conversation grains hold their last message and counts in memory: each reads its log again. (An inactive
    /// one is activated for it, and reads it on activation anyway.) A few at a time, so a large sweep does not flood the silo.
    /// </summary>
    private async Task TellConversationsAsync(Guid tenantId, IReadOnlyList<Guid> conversations)
    {
        foreach (var chunk in conversations.Chunk(32))
        {
            await Task.WhenAll(chunk.Select(id => grains.Get<IConversationGrain>(GrainKeys.Scoped(tenantId, id)).MessagesDeletedAsync()));
        }
    }

    // Log event ids 140xx: the daily retention sweep (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 14001, Level = LogLevel.Information,
        Message = "Retention swept {Tenants} tenants: {Messages} messages, {Attachments} attachments, {Files} files deleted")]
    private static partial void LogSwept(ILogger logger, int tenants, int messages, int attachments, int files);

    [LoggerMessage(EventId = 14002, Level = LogLevel.Warning, Message = "The retention sweep failed; the next check tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception error);
}
