using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Channels;
using Linktor.Grains.Common;
using Linktor.Grains.Events;
using Linktor.Storage.Conversations;
using Linktor.Storage.Messages;

namespace Linktor.Grains.Conversations;

/// <summary>
/// A conversation: the single writer of its message sequence. Appends are durable (group-committed
/// to PostgreSQL) before a send or receive returns, seq is gap-free, and every change is announced: its durable
/// event is written with the change (the outbox), its real-time event is published once the change is stored.
/// This file holds its lifecycle (creation, status, assignment, snoozing, reading); the message log is in
/// ConversationGrain.Messages.cs, changes to stored messages in .Status.cs, the list row and publishing in .Projection.cs.
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
    private int _inbound; // inbound messages in the log
    private int _unread; // of those, the ones after the read watermark (S.LastReadSeq)
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
                await projection.UpsertAsync(ToRecord(), S.ContactAddress, Times(), _inbound - _unread, S.Version, S.UnannouncedEvents(), cancellationToken);
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
}
