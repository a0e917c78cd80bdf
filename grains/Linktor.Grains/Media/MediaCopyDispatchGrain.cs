using System.Text.Json;
using Linktor.Contracts.Events;
using Linktor.Contracts.Json;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Events.Streaming;
using Linktor.Storage.Media;
using Microsoft.Extensions.Options;

namespace Linktor.Grains.Media;

/// <summary>
/// Queues the copy of every inbound attachment a provider keeps (a WhatsApp media id, a Telegram file id, a Twilio
/// media URL), from the tenant's <c>message.created</c> events, into the durable copy queue the silos' copiers work
/// through (<see cref="InboundMediaCopier"/>). At least once from the stream, once in the queue (one row per message).
/// </summary>
[ImplicitStreamSubscription(EventStreams.Namespace)]
internal sealed class MediaCopyDispatchGrain(MediaCopyQueue queue, InboundMediaCopier copier, IOptions<MediaOptions> options)
    : EventConsumerGrain, IMediaCopyDispatchGrain
{
    protected override async Task HandleAsync(IReadOnlyList<StoredEvent> events)
    {
        if (!options.Value.CopyInbound)
        {
            return;
        }

        var copies = new List<(Guid, Guid, DateTimeOffset)>();
        foreach (var e in events)
        {
            // Most events are not inbound attachments: a cheap look at the text before reading any.
            if (e.Name == EventNames.MessageCreated && e.Data.Contains("\"provider_media_id\":\"", StringComparison.Ordinal)
                && JsonSerializer.Deserialize<MessageRecord>(e.Data, WireJson.Options) is
                    { Direction: MessageDirection.Inbound, Content.Media.ProviderMediaId: not null } message)
            {
                copies.Add((e.TenantId, message.Id, message.CreatedAt));
            }
        }

        if (copies.Count > 0 && await queue.EnqueueAsync(copies) > 0)
        {
            copier.Wake();
        }
    }
}
