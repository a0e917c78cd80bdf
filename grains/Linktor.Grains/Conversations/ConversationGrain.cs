using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Common;
using Linktor.Grains.Events;
using Linktor.Storage.Analytics;
using Linktor.Grains.Channels;
using Linktor.Storage.Conversations;
using Linktor.Storage.Events;
using Linktor.Storage.Messages;

namespace Linktor.Grains.Conversations;

/// <summary>
/// A conversation: the single writer of its message sequence. Appends are durable (group-committed
/// to PostgreSQL) before a send or receive returns, seq is gap-free, and every change is announced: its durable
/// event is written with the change (the outbox), its real-time event is published once the change is stored.
/// </summary>
public sealed partial class ConversationGrain(
    [PersistentState("conversation", GrainStorage.Name)] IPersistentState<ConversationState> state,
    MessageStore store,
    MessageReader reader,
    ConversationStore projection,
    ChannelCapabilitiesCache channels,
    IEventPublisher publisher,
    TimeProvider clock) : Grain, IConversationGrain, IRemindable
{
    private const string UnsnoozeReminder = "unsnooze";

    private long _lastSeq;
    private int _unread;
    private MessageRecord? _lastMessage;
    private DateTimeOffset? _lastInboundAt;
    private ChannelCapabilities? _capabilities;

    private (Guid TenantId, Guid Id)? _key;

    // Parsed once: the hot paths read them many times a call.
    private Guid TenantId => (_key ??= GrainKeys.ParseScoped(this.GetPrimaryKeyString())).TenantId;

    private Guid ConversationId => (_key ??= GrainKeys.ParseScoped(this.GetPrimaryKeyString())).Id;

    private ConversationState S => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Created)
        {
            var rowVersion = await ReloadLogAsync(cancellationToken);
            // State from before reports knew first messages: any inbound will do, as the list row keeps the
            // first one the migration derived from the log, and a first reply is then still recorded.
            S.FirstInboundAt ??= _lastInboundAt;
            if (rowVersion < S.Version || rowVersion < 0)
            {
                // A crash came between a state write and its list row: write the row now, with the events of that
                // change (the row's version says they were not written). Otherwise an activation writes nothing.
                await projection.UpsertAsync(ToRecord(), S.ContactAddress, Times(), S.Version, Unannounced(), cancellationToken);
            }

            S.Unannounced.Clear();
        }
    }

    public async Task<Result<ConversationRecord>> CreateAsync(NewConversation conversation)
    {
        if (S.Created)
        {
            return ToRecord();
        }

        var now = clock.GetUtcNow();
        state.State = new ConversationState
        {
            Created = true,
            Contact = conversation.Contact,
            ChannelId = conversation.ChannelId,
            ChannelType = conversation.ChannelType,
            ContactAddress = conversation.ExternalId,
            Status = ConversationStatus.Open,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await SaveAsync(EventNames.ConversationCreated);
        return ToRecord();
    }

    public Task<Result<ConversationRecord>> GetAsync() =>
        Task.FromResult<Result<ConversationRecord>>(S.Created ? ToRecord() : Problem.NotFound("The conversation"));

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

        var (stored, duplicate) = await AppendAsync(draft, _unread);
        if (duplicate)
        {
            return stored;
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

        var (stored, duplicate) = await AppendAsync(draft, _unread + 1);
        if (duplicate)
        {
            return new Received(stored, true);
        }

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

    public async Task<Result<MessageRecord>> ApplyStatusAsync(StatusUpdate update)
    {
        // The channel hands the message over as it has it; only a caller without it (or a stale copy) costs a read.
        var current = update.Message is { } given && given.Id == update.MessageId && given.TenantId == TenantId ? given
            : _lastMessage?.Id == update.MessageId ? _lastMessage
            : await reader.GetAsync(TenantId, update.MessageId);
        for (var attempt = 0; ; attempt++)
        {
            if (current is null || current.ConversationId != ConversationId)
            {
                return Problem.NotFound("The message");
            }

            if (StatusMerge.Apply(current, update) is not { } updated)
            {
                return current;
            }

            var change = new StatusChange(updated.Status, update.At, updated.Error);
            if (await store.UpdateStatusAsync(updated, current.Status, change, Announce.Message(EventNames.MessageUpdated, updated, clock.GetUtcNow())))
            {
                PublishMessage(EventNames.MessageUpdated, updated);
                OnLastMessageChanged(updated);
                return updated;
            }

            // Its channel recorded a send outcome meanwhile: merge with what is stored now.
            if (attempt == 3)
            {
                throw new InvalidOperationException($"The status of message {update.MessageId} kept changing under this update.");
            }

            current = await reader.GetAsync(TenantId, update.MessageId);
        }
    }

    public Task OnMessageUpdatedAsync(MessageRecord updated)
    {
        OnLastMessageChanged(updated);
        return Task.CompletedTask;
    }

    /// <summary>The list shows the last message with its status: keep it current, and tell the inbox.</summary>
    private void OnLastMessageChanged(MessageRecord updated)
    {
        if (_lastMessage?.Id == updated.Id && updated != _lastMessage)
        {
            _lastMessage = updated;
            PublishConversation(EventNames.ConversationUpdated);
        }
    }

    public async Task<Result<MessageRecord>> ApplyEditAsync(Guid messageId, MessageContent content, DateTimeOffset editedAt)
    {
        var current = await reader.GetAsync(TenantId, messageId);
        if (current is null || current.ConversationId != ConversationId || current.Direction != MessageDirection.Inbound)
        {
            return Problem.NotFound("The message");
        }

        if (current.EditedAt is { } last && last >= editedAt)
        {
            return current; // a redelivered or out-of-order older edit
        }

        var edited = current with { Content = content, EditedAt = editedAt };
        await store.UpdateContentAsync(edited, Announce.Message(EventNames.MessageUpdated, edited, clock.GetUtcNow()));
        PublishMessage(EventNames.MessageUpdated, edited);
        OnLastMessageChanged(edited);
        return edited;
    }

    public async Task<Result<ConversationRecord>> UpdateAsync(ConversationPatch patch, Actor actor)
    {
        if (!S.Created)
        {
            return Problem.NotFound("The conversation");
        }

        var wasSnoozed = S.Status == ConversationStatus.Snoozed;
        var wasResolved = S.Status == ConversationStatus.Resolved;
        var status = patch.Status ?? S.Status;
        var snoozedUntil = status == ConversationStatus.Snoozed ? patch.SnoozedUntil ?? S.SnoozedUntil : null;
        var now = clock.GetUtcNow();
        await ChangeAsync(s =>
        {
            // A resolution ends the period since creation or the latest reopening (reports: resolution time).
            if (status == ConversationStatus.Resolved && !wasResolved)
            {
                s.ResolvedAt = now;
            }
            else if (status != ConversationStatus.Resolved && wasResolved)
            {
                (s.ReopenedAt, s.ResolvedAt) = (now, null);
            }

            s.Status = status;
            s.SnoozedUntil = snoozedUntil;
            if (patch.SetAssignee)
            {
                s.AssigneeId = patch.AssigneeId;
            }

            if (patch.SetPriority)
            {
                s.Priority = patch.Priority;
            }

            if (patch.Labels is not null)
            {
                s.Labels = [.. patch.Labels];
            }
        });

        if (snoozedUntil is { } until)
        {
            var due = until - clock.GetUtcNow();
            await this.RegisterOrUpdateReminder(UnsnoozeReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, TimeSpan.FromMinutes(1));
        }
        else if (wasSnoozed && await this.GetReminder(UnsnoozeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        return ToRecord();
    }

    public async Task<Result<ConversationRecord>> MarkReadAsync(long seq, Actor actor)
    {
        if (!S.Created)
        {
            return Problem.NotFound("The conversation");
        }

        var upTo = Math.Min(seq, _lastSeq);
        if (upTo > S.LastReadSeq)
        {
            S.LastReadSeq = upTo;
            await ReloadLogAsync(CancellationToken.None);
            await SaveAsync(EventNames.ConversationUpdated);
        }

        return ToRecord();
    }

    public async Task RefreshContactAsync(ContactSummary contact)
    {
        if (S.Created && S.Contact != contact)
        {
            S.Contact = contact;
            await SaveAsync(EventNames.ConversationUpdated);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == UnsnoozeReminder)
        {
            if (S.Status == ConversationStatus.Snoozed && S.SnoozedUntil is { } until && until <= clock.GetUtcNow())
            {
                await ChangeAsync(s => (s.Status, s.SnoozedUntil) = (ConversationStatus.Open, null));
            }

            if (S.Status != ConversationStatus.Snoozed && await this.GetReminder(UnsnoozeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    /// <summary>
    /// Appends with the next seq. When a unique key is already held, the earlier message with the
    /// same idempotency key or provider id is the answer; otherwise another activation took the
    /// seq (a brief overlap during failover), so the log is re-read and the next seq tried.
    /// </summary>
    private async Task<(MessageRecord Message, bool Duplicate)> AppendAsync(MessageRecord draft, int unreadAfter)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var record = draft with { Seq = _lastSeq + 1 };
            var announced = Announce.Message(EventNames.MessageCreated, record, record.CreatedAt);
            if (await store.AppendAsync(record, record.Direction == MessageDirection.Inbound ? unreadAfter : _unread, [announced]))
            {
                _lastSeq = record.Seq;
                _lastMessage = record;
                if (record.Direction == MessageDirection.Inbound)
                {
                    _unread = unreadAfter;
                }

                return (record, false);
            }

            if (await FindDuplicateAsync(record.IdempotencyKey, record.ExternalId) is { } earlier)
            {
                return (earlier, true);
            }

            await ReloadLogAsync(CancellationToken.None);
            unreadAfter = record.Direction == MessageDirection.Inbound ? _unread + 1 : _unread;
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

    private Task ChangeAsync(Action<ConversationState> change)
    {
        change(S);
        return SaveAsync(EventNames.ConversationUpdated);
    }

    /// <summary>
    /// Stores a report milestone (first inbound, first response): once per conversation, so the send and receive
    /// paths pay one state write and one row write per conversation, never per message. Not a change anyone
    /// sees (the milestones are not part of the conversation's record), so it announces nothing.
    /// </summary>
    private Task RecordTimesAsync() => SaveAsync(announce: null);

    /// <summary>
    /// Writes the state (with the event of this change), then the list row with the event, in one transaction; a
    /// crash between the two leaves both to the next activation's repair. Then the inbox hears of it.
    /// </summary>
    private async Task SaveAsync(string? announce)
    {
        var now = clock.GetUtcNow();
        S.UpdatedAt = now;
        S.Version++;
        if (announce is not null)
        {
            S.Unannounced.Add(UnannouncedEvent.From(Announce.Conversation(announce, ToRecord(), now)));
        }

        await state.WriteStateAsync();
        await projection.UpsertAsync(ToRecord(), S.ContactAddress, Times(), S.Version, Unannounced());
        S.Unannounced.Clear();
        if (announce is not null)
        {
            PublishConversation(announce);
        }
    }

    private List<NewEvent> Unannounced() => [.. S.Unannounced.Select(e => e.ToNewEvent())];

    private ConversationTimes Times() => new()
    {
        FirstInboundAt = S.FirstInboundAt,
        FirstResponseAt = S.FirstResponseAt,
        OpenedAt = S.ReopenedAt ?? S.CreatedAt,
        ResolvedAt = S.ResolvedAt,
    };

    /// <returns>The state version the list row was last written from (-1: there is no row).</returns>
    private async Task<long> ReloadLogAsync(CancellationToken ct)
    {
        var log = await reader.LoadLogAsync(TenantId, ConversationId, S.LastReadSeq, ct);
        (_lastSeq, _unread, _lastMessage, _lastInboundAt) = (log.LastSeq, log.UnreadCount, log.LastMessage, log.LastInboundAt);
        return log.RowVersion;
    }

    private void PublishMessage(string name, MessageRecord message) => publisher.Publish(new RealtimeEvent
    {
        Name = name,
        TenantId = TenantId,
        ConversationId = ConversationId,
        Seq = message.Seq,
        Message = message,
        VisitorContactId = S.ChannelType == ChannelType.Webchat && !message.Private ? S.Contact?.Id : null,
        At = clock.GetUtcNow(),
    });

    private void PublishConversation(string name) => publisher.Publish(new RealtimeEvent
    {
        Name = name,
        TenantId = TenantId,
        ConversationId = ConversationId,
        Seq = _lastSeq,
        Conversation = ToRecord(),
        At = clock.GetUtcNow(),
    });

    private ConversationRecord ToRecord() => new()
    {
        Id = ConversationId,
        TenantId = TenantId,
        Contact = S.Contact ?? new ContactSummary { Id = Guid.Empty },
        ChannelId = S.ChannelId,
        ChannelType = S.ChannelType,
        Status = S.Status,
        AssigneeId = S.AssigneeId,
        Priority = S.Priority,
        Labels = [.. S.Labels],
        SnoozedUntil = S.SnoozedUntil,
        LastMessage = _lastMessage,
        LastSeq = _lastSeq,
        UnreadCount = _unread,
        CreatedAt = S.CreatedAt,
        UpdatedAt = S.UpdatedAt,
        LastActivityAt = _lastMessage?.CreatedAt ?? S.CreatedAt,
    };
}
