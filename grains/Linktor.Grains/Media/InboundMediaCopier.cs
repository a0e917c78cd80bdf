using System.Threading.Channels;
using Linktor.Contracts.Messages;
using Linktor.Storage.Media;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linktor.Grains.Media;

/// <summary>
/// Copies each inbound attachment into the media store as soon as its message is stored, because providers forget
/// theirs (WhatsApp media ids lapse after 7 days) and the conversation must still show it next month. Best effort
/// and off the webhook's path: a copy that fails after its retries (or is lost with a crashed silo) leaves the API
/// fetching from the provider, as long as the provider still has it.
/// </summary>
public sealed partial class InboundMediaCopier(
    ProviderMediaClient provider, IOptions<MediaOptions> options, TimeProvider clock, ILogger<InboundMediaCopier> logger)
    : BackgroundService
{
    private const int Capacity = 10_000;
    private const int Parallelism = 4;
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1)];

    private readonly Channel<MessageRecord> _pending = Channel.CreateBounded<MessageRecord>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Schedules the copy of <paramref name="message"/>'s attachment, if the provider keeps one.</summary>
    public void Enqueue(MessageRecord message)
    {
        if (!options.Value.CopyInbound || message.Content.Media?.ProviderMediaId is null)
        {
            return;
        }

        if (!_pending.Writer.TryWrite(message))
        {
            LogOverflow(logger, message.Id);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(_pending.Reader.ReadAllAsync(stoppingToken), new ParallelOptions
        {
            MaxDegreeOfParallelism = Parallelism,
            CancellationToken = stoppingToken,
        }, CopyWithRetriesAsync);

    private async ValueTask CopyWithRetriesAsync(MessageRecord message, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await CopyAsync(message, ct);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (attempt == RetryDelays.Length)
                {
                    LogGaveUp(logger, message.Id, ex.Message);
                    return;
                }

                await Task.Delay(RetryDelays[attempt], clock, ct);
            }
        }
    }

    private async Task CopyAsync(MessageRecord message, CancellationToken ct)
    {
        if (await provider.CopyAsync(message, ct) is { } nothing)
        {
            // The channel is gone, or the provider says there is no such attachment: nothing to keep, now or later.
            LogNothingToCopy(logger, message.Id, nothing.Detail);
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Too many attachments waiting to be copied; message {MessageId}'s stays with the provider")]
    private static partial void LogOverflow(ILogger logger, Guid messageId);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Message {MessageId}'s attachment was not copied: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, Guid messageId, string reason);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Message {MessageId} has no attachment to copy: {Reason}")]
    private static partial void LogNothingToCopy(ILogger logger, Guid messageId, string reason);
}
