using System.Diagnostics;
using Linktor.Adapters;
using Linktor.Contracts.Channels;
using Linktor.Contracts.Messages;
using Linktor.Contracts.Realtime;
using Linktor.Grains.Conversations;
using Linktor.Grains.Events;
using Linktor.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Linktor.Grains.Channels;

/// <summary>
/// The outbound queue's I/O. Its durable form is the message table (queued outbound rows); the grain holds a bounded
/// window of it, refilled from the store when it runs low, and sends what is due within the provider's rate limits,
/// one message per conversation at a time, in seq order. What goes next, when to look again and what a provider's
/// answer means are decided by <see cref="OutboxScheduler"/>; this file claims, sends, records and reads the store.
/// </summary>
/// <remarks>
/// A message goes to its provider at most once. Before the request, the message is claimed in the store (its send
/// mark); the provider's answer is recorded with the mark cleared, and until that record is stored only the record is
/// retried, never the send. A marked message found after a crash may have reached the provider: it is failed with
/// <c>outcome_unknown</c> rather than sent again, unless the adapter says its provider drops repeats. The channel
/// records outcomes itself and tells the conversation one way, so the two grains never wait on each other.
/// </remarks>
public sealed partial class ChannelGrain
{
    private const string OutboxReminder = "outbox";

    private static readonly MessageError ChannelDeleted = new("channel_deleted", "The channel was deleted before the message was sent.");

    private readonly Random _random = new();

    private OutboxScheduler? _scheduler;
    private IGrainTimer? _pump;
    private bool _pumping;
    private TaskCompletionSource _wake = NewWake();
    private bool _reminderSet;

    private SendThrottle? _throttle;
    private ProviderCircuit? _circuit;
    private EarlyStatuses? _earlyStatuses;

    private OutboxScheduler Scheduler => _scheduler ??= new OutboxScheduler(outboxOptions.Value);

    private OutboxQueue Window => Scheduler.Window;

    public async Task NotifyQueuedAsync(MessageRecord message, string contactAddress)
    {
        if (state.State.Deleted)
        {
            // Accepted by a conversation that had not heard of the deletion yet.
            await RecordDirectlyAsync(message, Failed(message.Id, ChannelDeleted));
        }
        else if (Exists && !Window.Contains(message.Id))
        {
            // When the window is full, the message waits in the store, and a refill reads it when there is room.
            Scheduler.Offer(new OutboxItem(message, contactAddress) { DueAt = clock.GetUtcNow(), Origin = Activity.Current?.Context ?? default });
            StartPump();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Exists)
        {
            // The safety net: a notification lost with a silo, or a mark left by a crashed one, is found here.
            Scheduler.RefillNeeded = true;
            StartPump();
        }
        else if (state.State.Deleted)
        {
            await FailQueuedAsync();
            await UnsetReminderAsync();
        }
    }

    /// <summary>Runs the pump now (or wakes it): a timer, so that it interleaves with the channel's calls.</summary>
    private void StartPump()
    {
        if (_pumping)
        {
            _wake.TrySetResult();
        }
        else if (_pump is null)
        {
            _pump = this.RegisterGrainTimer(PumpAsync, new GrainTimerCreationOptions
            {
                DueTime = TimeSpan.Zero,
                Period = outboxOptions.Value.PollInterval,
                Interleave = true,
                KeepAlive = true,
            });
        }
        else
        {
            _pump.Change(TimeSpan.Zero, outboxOptions.Value.PollInterval);
        }
    }

    private async Task PumpAsync(CancellationToken ct)
    {
        if (_pumping)
        {
            return;
        }

        _pumping = true;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var wake = _wake.Task;
                if (Scheduler.ShouldRefill)
                {
                    await RefillAsync(ct);
                }

                if (Scheduler.HasWork && !_reminderSet)
                {
                    // A silo crash loses this timer; the reminder wakes the channel elsewhere to carry on.
                    await this.RegisterOrUpdateReminder(OutboxReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), ct);
                    _reminderSet = true;
                }

                var holdUntil = OutboxScheduler.Earliest(StartClaimedSends(), StartDueSends());
                var until = Scheduler.LookAgainAt(holdUntil, CanStartSends);
                if (Scheduler.IsIdle(until))
                {
                    break;
                }

                // Wake when a send finishes or a message arrives (the wake signal), when the next message is due,
                // and at least every poll interval while anything is out.
                var wait = Scheduler.Sleep(until, clock.GetUtcNow());
                if (wait > TimeSpan.Zero && !wake.IsCompleted)
                {
                    await Task.WhenAny(wake, Task.Delay(wait, clock, ct));
                }

                if (wake.IsCompleted)
                {
                    _wake = NewWake();
                }

                ReportOutbox(force: false);
            }
        }
        finally
        {
            _pumping = false;
            ReportOutbox(force: true);
        }

        if (!Scheduler.HasWork || state.State.Status == ChannelStatus.Disabled)
        {
            _pump?.Dispose();
            _pump = null;
        }
    }

    /// <summary>
    /// A disabled (or deleted) channel starts nothing new and holds its queue; sends already under way finish. Once
    /// the silo is stopping, nothing new starts either: its outcome could not be recorded here, and the next
    /// activation, on another silo, carries on from the store.
    /// </summary>
    private bool CanStartSends => Exists && state.State.Status != ChannelStatus.Disabled && !lifetime.ApplicationStopping.IsCancellationRequested;

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Starts what the scheduler takes as due: the records of answers already in, and the claims and sends of the
    /// rest (one batch); returns when to look again if the channel as a whole must hold off.
    /// </summary>
    private DateTimeOffset? StartDueSends()
    {
        if (!CanStartSends)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var due = Scheduler.TakeDue(now, Circuit.OpenFor, _throttle ??= new SendThrottle(Adapter.GetRateLimits(Settings)));
        foreach (var answered in due.ToRecord)
        {
            // Its provider answered already; only the record is left to do.
            Track(RecordAsync(answered, CancellationToken.None));
        }

        if (due.ToSend.Count > 0)
        {
            Track(ClaimAndSendAsync(due.ToSend, now));
        }

        return due.HoldUntil;
    }

    /// <summary>Marks the messages as being sent (one group commit), then sends each one that was claimed.</summary>
    private async Task ClaimAndSendAsync(IReadOnlyList<OutboxItem> items, DateTimeOffset now)
    {
        // The store keeps microseconds: the mark must compare equal when it is read back or claimed again.
        var at = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
        var claims = items.Select(i => (Item: i, Claim: messageStore.ClaimForSendAsync(TenantId, i.Message.Id, at, i.Mark))).ToList();
        foreach (var (item, claim) in claims)
        {
            bool claimed;
            try
            {
                claimed = await claim;
            }
            catch (Exception ex)
            {
                // Nothing was sent: try again shortly.
                LogClaimFailed(logger, item.Message.Id, ex.Message);
                Release(item, clock.GetUtcNow() + outboxOptions.Value.BaseDelay);
                continue;
            }

            if (!claimed)
            {
                // No longer queued (recorded, or failed by a deletion), or marked by an attempt this window does not
                // hold: the store decides what happens to it, and the next refill reads it again if it is still queued.
                Window.Remove(item);
                Scheduler.RefillNeeded = true;
                _wake.TrySetResult();
                continue;
            }

            item.Mark = at;
            item.Attempts++;
            Scheduler.Claimed.Enqueue(item);
        }

        if (StartClaimedSends() is not null)
        {
            _wake.TrySetResult();
        }
    }

    private async Task SendOneAsync(OutboxItem item, CancellationToken ct)
    {
        // The pump runs on a timer, outside any trace: the attempt (and the adapter's HTTP call in it) joins the trace
        // of the send that queued the message. Only when someone listens; a message read back from the store has none.
        using var activity = item.Origin == default ? null : MessagingActivities.Source.StartActivity("outbox send", ActivityKind.Internal, item.Origin);
        activity?.SetTag("linktor.channel_type", ChannelTypes.Name(state.State.Type));
        activity?.SetTag("linktor.attempt", item.Attempts);
        SendResult result;
        try
        {
            var replyTo = item.Message.Content.ReplyToMessageId is { } quotedId
                ? (await messages.GetAsync(TenantId, quotedId, ct))?.ExternalId
                : null;
            var outbound = new OutboundMessage(item.Message, item.ContactAddress, replyTo);
            if (await Circuit.ExecuteAsync(token => Adapter.SendAsync(Settings, outbound, token), ct) is not { } sent)
            {
                // The provider looks down: nothing was sent and no attempt is spent; try when the circuit half-opens.
                item.Attempts--;
                await ReleaseMarkAsync(item);
                Release(item, clock.GetUtcNow() + Circuit.OpenFor);
                return;
            }

            result = sent;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The adapter broke before or while it called the provider: as far as anyone knows, the provider may have it.
            result = SendResult.Unknown("adapter_error", ex.Message);
        }

        CountAttempt(result);

        var decision = Scheduler.Decide(item, result, Adapter.DeduplicatesSends, Circuit.OpenFor > TimeSpan.Zero, clock.GetUtcNow(), _random);
        if (decision.RetryIn is { } delay)
        {
            LogRetry(logger, item.Message.Id, item.Attempts, delay, result.Error?.Code);
            await ReleaseMarkAsync(item);
            Release(item, clock.GetUtcNow() + delay);
            return;
        }

        item.Outcome = decision.Outcome;
        await RecordAsync(item, ct);
    }

    /// <summary>
    /// Starts the sends of claimed messages as the channel's pacer lets them, each in this turn (nothing may come
    /// between the pacer's token and the request); returns when to look again if the pacer holds some back.
    /// </summary>
    private DateTimeOffset? StartClaimedSends()
    {
        while (Scheduler.Claimed.Count > 0)
        {
            if (_throttle is { } throttle && !throttle.TryPace(out var wait))
            {
                return clock.GetUtcNow() + wait;
            }

            Track(SendOneAsync(Scheduler.Claimed.Dequeue(), CancellationToken.None));
        }

        return null;
    }

    /// <summary>
    /// The attempt did not reach the provider: clears the send mark so another activation would send it too. If that
    /// fails, the mark stays ours (this activation claims it again with it), and only a crash before the next attempt
    /// would leave the message to be failed as an unknown outcome.
    /// </summary>
    private async Task ReleaseMarkAsync(OutboxItem item)
    {
        try
        {
            await messageStore.ReleaseClaimAsync(TenantId, item.Message.Id, item.Mark);
            item.Mark = null;
        }
        catch (Exception ex)
        {
            LogClaimFailed(logger, item.Message.Id, ex.Message);
        }
    }

    /// <summary>
    /// Stores the provider's answer (the message's new status, its history and its event, in one group commit) and
    /// lets the next message of the conversation go. A failed record is tried again, never the send.
    /// </summary>
    private async Task RecordAsync(OutboxItem item, CancellationToken ct)
    {
        var update = item.Outcome!;
        try
        {
            var recorded = await RecordDirectlyAsync(item.Message, update);
            Window.Remove(item);
            _wake.TrySetResult();
            if (recorded is not null && update.ExternalId is { } externalId && _earlyStatuses?.Count > 0)
            {
                // Callbacks that came before this record: the conversation applies them to the message as just recorded.
                foreach (var early in _earlyStatuses.Take(externalId))
                {
                    var applied = await ConversationOf(recorded).ApplyStatusAsync(ToUpdate(early, recorded)).WaitAsync(ct);
                    recorded = applied.Value ?? recorded;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The provider has its answer; recording it failed (database down?). Try the record again, not the send.
            LogStatusNotRecorded(logger, item.Message.Id, ex);
            Release(item, clock.GetUtcNow() + outboxOptions.Value.BaseDelay);
        }
    }

    /// <summary>
    /// Moves a queued message to its outcome in the store, announces it, and tells its conversation (one way).
    /// Null when the message was not queued any more (an earlier record of the same outcome got through).
    /// </summary>
    private async Task<MessageRecord?> RecordDirectlyAsync(MessageRecord queued, StatusUpdate update)
    {
        var current = queued with { Status = MessageStatus.Queued };
        if (StatusMerge.Apply(current, update) is not { } updated)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var change = new StatusChange(updated.Status, update.At, updated.Error);
        if (!await messageStore.UpdateStatusAsync(updated, MessageStatus.Queued, change, Announce.Message(EventNames.MessageUpdated, updated, now)))
        {
            return null;
        }

        publisher.Publish(new RealtimeEvent
        {
            Name = EventNames.MessageUpdated,
            TenantId = TenantId,
            ConversationId = updated.ConversationId,
            Seq = updated.Seq,
            Message = updated,
            At = now,
        });
        await ConversationOf(updated).OnMessageUpdatedAsync(updated);
        return updated;
    }

    /// <summary>Sends under way: a deactivation lets them finish and record their outcome, rather than cut them off mid-request.</summary>
    private readonly HashSet<Task> _sends = [];

    private void Track(Task send)
    {
        _sends.Add(send);
        _ = send.ContinueWith(t => _sends.Remove(t), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Current);
    }

    /// <summary>Waits (up to the deactivation's deadline) for the sends under way to finish and record.</summary>
    private Task DrainSendsAsync(CancellationToken ct) =>
        _sends.Count == 0 ? Task.CompletedTask : Task.WhenAll(_sends).WaitAsync(ct).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Current);

    private void Release(OutboxItem item, DateTimeOffset dueAt)
    {
        Window.Release(item, dueAt);
        _wake.TrySetResult();
    }

    private StatusUpdate Failed(Guid messageId, MessageError? error) => OutboxScheduler.Failed(messageId, error, clock.GetUtcNow());

    /// <summary>Reads queued messages the window lacks, oldest first, until it is full again (<see cref="OutboxScheduler.EndRefill"/>).</summary>
    private async Task RefillAsync(CancellationToken ct)
    {
        var refill = Scheduler.BeginRefill();
        IReadOnlyList<Storage.Messages.QueuedMessage> queued;
        try
        {
            queued = await messages.ListQueuedAsync(TenantId, ChannelId, refill.Room, [.. Window.MessageIds], ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogRefillFailed(logger, ChannelId, ex.Message);
            return;
        }

        foreach (var abandoned in Scheduler.EndRefill(refill, queued, clock.GetUtcNow()))
        {
            LogOutcomeUnknown(logger, abandoned.Message.Id, abandoned.Mark!.Value);
        }
    }

    /// <summary>Fails everything queued on this (deleted) channel, in memory and in the store.</summary>
    private async Task FailQueuedAsync()
    {
        foreach (var item in Window.Items.ToList())
        {
            await RecordDirectlyAsync(item.Message, Failed(item.Message.Id, ChannelDeleted));
        }

        Window.Clear();
        IReadOnlyList<Storage.Messages.QueuedMessage> queued;
        do
        {
            queued = await messages.ListQueuedAsync(TenantId, ChannelId, 1000);
            foreach (var q in queued)
            {
                await RecordDirectlyAsync(q.Message, Failed(q.Message.Id, ChannelDeleted));
            }
        }
        while (queued.Count == 1000);
    }

    private ProviderCircuit Circuit => _circuit ??= new ProviderCircuit(outboxOptions.Value, clock, open =>
    {
        if (open)
        {
            LogCircuitOpened(logger, ChannelId, outboxOptions.Value.CircuitBreakDuration);
        }
        else
        {
            LogCircuitClosed(logger, ChannelId);
        }
    });

    private async Task UnsetReminderAsync()
    {
        var reminder = await this.GetReminder(OutboxReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderSet = false;
    }

    // Log event ids 30xx: a channel's settings and outbox (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Send of {MessageId} failed (attempt {Attempt}, {Code}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, Guid messageId, int attempt, TimeSpan delay, string? code);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Channel {ChannelId}: the provider looks down; sends pause for {BreakDuration}")]
    private static partial void LogCircuitOpened(ILogger logger, Guid channelId, TimeSpan breakDuration);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Channel {ChannelId}: the provider answers again; sends resume")]
    private static partial void LogCircuitClosed(ILogger logger, Guid channelId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The send result of {MessageId} could not be recorded; will retry recording")]
    private static partial void LogStatusNotRecorded(ILogger logger, Guid messageId, Exception error);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Message {MessageId} could not be marked as being sent (it was not sent): {Reason}")]
    private static partial void LogClaimFailed(ILogger logger, Guid messageId, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Channel {ChannelId}: could not read its queue from the store: {Reason}")]
    private static partial void LogRefillFailed(ILogger logger, Guid channelId, string reason);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Message {MessageId} was being sent since {Since:o} when its attempt was lost; failed as outcome_unknown, not sent again")]
    private static partial void LogOutcomeUnknown(ILogger logger, Guid messageId, DateTimeOffset since);
}
