using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Common;
using Linktor.Grains.Events;
using Linktor.Grains.Telemetry;

namespace Linktor.Grains.Conversations;

/// <summary>
/// The message log: agents' sends (checked against what the channel can carry and its reply window, then queued on
/// the channel, one way) and contacts' messages, appended with the next seq, once per idempotency key or provider id.
/// </summary>
public sealed partial class ConversationGrain
{
    public async Task<Result<MessageRecord>> SendAsync(SendMessage message)
    {
        if (!S.Created)
        {
            return Problem.NotFound("The conversation");
        }

        if (!message.Private && await CheckDeliverableAsync(message.Content) is { } refused)
        {
            return refused;
        }

        if (!message.Private && Deliverability.CheckReplyWindow(_capabilities, S.ChannelType, message.Content, _lastInboundAt, clock.GetUtcNow()) is { } closed)
        {
            return closed;
        }

        var now = clock.GetUtcNow();
        // A private note goes nowhere, and a channel without a provider (web chat: the visitor gets it over the hub)
        // has nobody to hand it to: either is sent as soon as it is stored, and nothing is queued.
        var sentWhenStored = message.Private || _capabilities?.SentWhenStored == true;
        var draft = new MessageRecord
        {
            Id = Ids.New(),
            TenantId = TenantId,
            ConversationId = ConversationId,
            ChannelId = S.ChannelId,
            Seq = 0,
            Direction = MessageDirection.Outbound,
            Sender = new MessageSender(message.Sender.Type, message.Sender.Id),
            Content = message.Content,
            Private = message.Private,
            Status = sentWhenStored ? MessageStatus.Sent : MessageStatus.Queued,
            SentAt = sentWhenStored ? now : null,
            IdempotencyKey = message.IdempotencyKey,
            CreatedAt = now,
        };

        var (stored, duplicate) = await AppendAsync(draft);
        if (duplicate)
        {
            return stored;
        }

        if (stored.Status == MessageStatus.Sent)
        {
            // Nobody to hand it to (a note, web chat): stored is sent. A provider's acceptance is counted by the channel.
            MessagingMetrics.Sent(S.ChannelType);
        }

        PublishMessage(EventNames.MessageCreated, stored);
        PublishConversation(EventNames.ConversationUpdated);
        if (stored.Status == MessageStatus.Queued)
        {
            // One way: the channel records the outcome itself (and tells this grain), so nothing waits on it here.
            await GrainFactory.Get<IChannelGrain>(GrainKeys.Scoped(TenantId, S.ChannelId))
                .NotifyQueuedAsync(stored, S.ContactAddress);
        }

        // The first response: a person's (agent) or an integration's (API key) public reply to the contact.
        if (!stored.Private && S.FirstInboundAt is not null && S.FirstResponseAt is null
            && stored.Sender.Type is ActorType.Agent or ActorType.Api)
        {
            S.FirstResponseAt = stored.CreatedAt;
            await RecordTimesAsync();
        }

        return stored;
    }

    public async Task<Result<Received>> ReceiveAsync(InboundMessage message)
    {
        if (!S.Created)
        {
            return Problem.NotFound("The conversation");
        }

        // A web-chat visitor's retry key is theirs alone: it must never match another sender's message.
        var idempotencyKey = message.IdempotencyKey is null ? null : $"contact:{S.Contact!.Id:N}:{message.IdempotencyKey}";
        if (S.Status == ConversationStatus.Resolved)
        {
            var earlier = await FindDuplicateAsync(idempotencyKey, message.ExternalId);
            return earlier is null ? new Received(null, false, Closed: true) : new Received(earlier, true);
        }

        var now = clock.GetUtcNow();
        var draft = new MessageRecord
        {
            Id = Ids.New(),
            TenantId = TenantId,
            ConversationId = ConversationId,
            ChannelId = S.ChannelId,
            Seq = 0,
            Direction = MessageDirection.Inbound,
            Sender = new MessageSender(ActorType.Contact, S.Contact!.Id),
            Content = message.Content,
            Status = MessageStatus.Delivered,
            ExternalId = message.ExternalId,
            IdempotencyKey = idempotencyKey,
            CreatedAt = now,
            SentAt = message.SentAt ?? now,
            DeliveredAt = now,
        };

        var (stored, duplicate) = await AppendAsync(draft);
        if (duplicate)
        {
            return new Received(stored, true);
        }

        MessagingMetrics.Received(S.ChannelType);
        _lastInboundAt = stored.CreatedAt;
        var firstInbound = S.FirstInboundAt is null;
        S.FirstInboundAt ??= stored.CreatedAt;

        if (S.Status == ConversationStatus.Snoozed)
        {
            // A contact writing wakes a snoozed conversation.
            await ChangeAsync(s => (s.Status, s.SnoozedUntil) = (ConversationStatus.Open, null));
        }
        else if (firstInbound)
        {
            await RecordTimesAsync();
        }

        PublishMessage(EventNames.MessageCreated, stored);
        PublishConversation(EventNames.ConversationUpdated);
        return new Received(stored, false);
    }

    /// <summary>
    /// Appends with the next seq. When a unique key is already held, the earlier message with the
    /// same idempotency key or provider id is the answer; otherwise another activation took the
    /// seq (a brief overlap during failover), so the log is re-read and the next seq tried.
    /// </summary>
    private async Task<(MessageRecord Message, bool Duplicate)> AppendAsync(MessageRecord draft)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var record = draft with { Seq = _lastSeq + 1 };
            var announced = Announce.Message(EventNames.MessageCreated, record, record.CreatedAt);
            if (await store.AppendAsync(record, [announced]))
            {
                _lastSeq = record.Seq;
                _lastMessage = record;
                if (record.Direction == MessageDirection.Inbound)
                {
                    _inbound++;
                    _unread++;
                }

                return (record, false);
            }

            if (await FindDuplicateAsync(record.IdempotencyKey, record.ExternalId) is { } earlier)
            {
                return (earlier, true);
            }

            await ReloadLogAsync(CancellationToken.None);
        }

        throw new InvalidOperationException($"Conversation {ConversationId} could not take seq {_lastSeq + 1}.");
    }

    private async Task<MessageRecord?> FindDuplicateAsync(string? idempotencyKey, string? externalId)
    {
        if (idempotencyKey is not null && await reader.FindByIdempotencyKeyAsync(TenantId, idempotencyKey) is { } byKey)
        {
            return byKey;
        }

        return externalId is not null ? await reader.FindByExternalIdAsync(TenantId, S.ChannelId, externalId) : null;
    }

    /// <summary>
    /// Refuses content the channel cannot carry before anything is stored. The channel's capabilities come from its
    /// list row (which the channel grain writes; read through the silo's cache), never from the channel grain: grain
    /// calls go one way, channel to conversation, so the two never wait on each other.
    /// </summary>
    private async Task<Problem?> CheckDeliverableAsync(MessageContent content)
    {
        _capabilities = await channels.GetAsync(TenantId, S.ChannelId);
        if (Deliverability.Check(_capabilities, S.ChannelType, content) is null)
        {
            return null;
        }

        _capabilities = await channels.GetAsync(TenantId, S.ChannelId, fresh: true);
        return Deliverability.Check(_capabilities, S.ChannelType, content);
    }

    /// <returns>The state version the list row was last written from (-1: there is no row).</returns>
    private async Task<long> ReloadLogAsync(CancellationToken ct)
    {
        var log = await reader.LoadLogAsync(TenantId, ConversationId, S.LastReadSeq, ct);
        (_lastSeq, _inbound, _unread, _lastMessage, _lastInboundAt) =
            (log.LastSeq, log.InboundCount, log.UnreadCount, log.LastMessage, log.LastInboundAt);
        return log.RowVersion;
    }
}
