using Linktor.Contracts.Channels;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Events;
using Linktor.Storage.Analytics;

namespace Linktor.Grains.Conversations;

/// <summary>
/// What others see of the conversation: its state saved with its list row and event (<see cref="AnnouncedSave"/>),
/// the report milestones, its record, and its real-time events.
/// </summary>
public sealed partial class ConversationGrain
{
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

    /// <summary>Saves the change with its list row and its event (<see cref="AnnouncedSave"/>); then the inbox hears of it.</summary>
    private async Task SaveAsync(string? announce)
    {
        var now = clock.GetUtcNow();
        S.UpdatedAt = now;
        await state.SaveAndAnnounceAsync(
            announce is null ? null : Announce.Conversation(announce, ToRecord(), now),
            (version, events) => projection.UpsertAsync(ToRecord(), S.ContactAddress, Times(), _inbound - _unread, version, events),
            announce is null ? null : () => PublishConversation(announce));
    }

    private ConversationTimes Times() => new()
    {
        FirstInboundAt = S.FirstInboundAt,
        FirstResponseAt = S.FirstResponseAt,
        OpenedAt = S.ReopenedAt ?? S.CreatedAt,
        ResolvedAt = S.ResolvedAt,
    };

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

    /// <summary>Its updated time is the later of its state's change and its last message, as the list rows show it.</summary>
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
        UpdatedAt = LastActivityAt > S.UpdatedAt ? LastActivityAt : S.UpdatedAt,
        LastActivityAt = LastActivityAt,
    };

    private DateTimeOffset LastActivityAt => _lastMessage?.CreatedAt ?? S.CreatedAt;
}
