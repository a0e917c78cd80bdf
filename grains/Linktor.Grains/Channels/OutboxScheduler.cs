using Linktor.Adapters;
using Linktor.Contracts.Messages;
using Linktor.Grains.Common;
using Linktor.Storage.Messages;

namespace Linktor.Grains.Channels;

/// <summary>
/// The outbox's decisions, without its I/O (the claims, sends, records and store reads stay in
/// <see cref="ChannelGrain"/>): which queued messages go next within the concurrency, the provider's rates and its
/// circuit; when to look again; what a provider's answer means (a retry after a backoff, or an outcome to record);
/// when the window needs a refill from the store and what a refill found. It holds the window
/// (<see cref="OutboxQueue"/>) and runs in the grain's turn, so it needs no locks and is tested without a silo.
/// </summary>
internal sealed class OutboxScheduler(OutboxOptions options)
{
    /// <summary>Notifications the full window could not take; a refill that began before one of them must look again.</summary>
    private long _dropped;

    /// <summary>The bounded window of the channel's queued messages, in send order.</summary>
    public OutboxQueue Window { get; } = new(options.Window);

    /// <summary>Claimed messages waiting for the channel's pacer: claimed in batches, they go out at the provider's rate.</summary>
    public Queue<OutboxItem> Claimed { get; } = new();

    /// <summary>The store may hold queued messages the window lacks (it was full, or nothing was read yet).</summary>
    public bool RefillNeeded { get; set; } = true;

    /// <summary>A refill is due: the store may hold more, and the window has room for a good batch of it.</summary>
    public bool ShouldRefill => RefillNeeded && Window.Count <= Window.Capacity / 2;

    /// <summary>Messages are waiting, here or in the store.</summary>
    public bool HasWork => Window.Count > 0 || RefillNeeded;

    /// <summary>A conversation stored a message for this channel: it joins the window, or, when that is full, waits in the store for a refill.</summary>
    public void Offer(OutboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!Window.Contains(item.Message.Id) && !Window.TryAdd(item))
        {
            _dropped++;
            RefillNeeded = true;
        }
    }

    /// <summary>
    /// Takes what is due as far as the concurrency, the circuit and the rate limits allow: the items whose provider
    /// answered already (only their record is left), the items to claim and send, and, if the channel as a whole must
    /// hold off (its circuit is open, its rate used up), until when.
    /// </summary>
    public DueSends TakeDue(DateTimeOffset now, TimeSpan circuitOpenFor, SendThrottle throttle)
    {
        ArgumentNullException.ThrowIfNull(throttle);
        var toRecord = new List<OutboxItem>();
        var toSend = new List<OutboxItem>();
        DateTimeOffset? holdUntil = null;
        while (Window.Taken < options.MaxConcurrentSends && Window.TakeDue(now) is { } item)
        {
            if (item.Outcome is not null)
            {
                toRecord.Add(item);
                continue;
            }

            if (circuitOpenFor > TimeSpan.Zero)
            {
                Window.Release(item, item.DueAt);
                holdUntil = now + circuitOpenFor;
                break;
            }

            if (!throttle.TryAcquire(item.ContactAddress, out var wait, out var channelExhausted))
            {
                Window.Release(item, channelExhausted ? item.DueAt : now + wait);
                if (channelExhausted)
                {
                    holdUntil = now + wait;
                    break;
                }

                // This recipient's bucket is empty; others may still go.
                continue;
            }

            toSend.Add(item);
        }

        return new DueSends(toRecord, toSend, holdUntil);
    }

    /// <summary>
    /// When the pump must look again: when the channel may stop holding off, or else when the next message is due.
    /// While the channel as a whole holds off (its rate, its pacer, an open circuit), nothing due starts before
    /// <paramref name="holdUntil"/>: the messages it put back are still due now, and waiting for them would not wait
    /// at all — the pump would spin in one turn, and the grain answer no call, until a token came.
    /// </summary>
    public DateTimeOffset? LookAgainAt(DateTimeOffset? holdUntil, bool canStartSends) =>
        Earliest(holdUntil, holdUntil is null && canStartSends && Window.Taken < options.MaxConcurrentSends ? Window.NextDueAt : null);

    /// <summary>Nothing is under way, due or to be read: the pump may stop until the next notification.</summary>
    public bool IsIdle(DateTimeOffset? lookAgainAt) => Window.Taken == 0 && Claimed.Count == 0 && lookAgainAt is null && !ShouldRefill;

    /// <summary>How long the pump sleeps, unless woken: until it must look again, and at most a poll interval.</summary>
    public TimeSpan Sleep(DateTimeOffset? lookAgainAt, DateTimeOffset now) =>
        lookAgainAt is { } at && at - now < options.PollInterval ? at - now : options.PollInterval;

    /// <summary>
    /// What a provider's answer to an attempt means: a retry after a backoff (its attempt not counted while the
    /// provider itself is out), or the outcome to record — a send whose fate is unknown is failed, never sent again,
    /// unless the provider drops repeats.
    /// </summary>
    public SendDecision Decide(OutboxItem item, SendResult result, bool providerDropsRepeats, bool circuitOpen, DateTimeOffset now, Random random)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Outcome == SendOutcome.Unknown && providerDropsRepeats)
        {
            result = SendResult.Retryable(result.Error!.Code, result.Error.Message);
        }

        if (result.Outcome == SendOutcome.Retryable)
        {
            // An outage is the provider's, not the message's: while it lasts, attempts are not spent.
            if (circuitOpen && result.Error?.Code != "rate_limited")
            {
                item.Attempts--;
            }

            if (item.Attempts < options.MaxAttempts)
            {
                return new SendDecision(Backoff.Delay(item.Attempts, options.BaseDelay, options.MaxDelay, result.RetryAfter, random), null);
            }
        }

        return new SendDecision(null, result.Outcome switch
        {
            SendOutcome.Sent => new StatusUpdate { MessageId = item.Message.Id, Status = MessageStatus.Sent, At = now, ExternalId = result.ExternalId },
            SendOutcome.Permanent => Failed(item.Message.Id, result.Error, now),
            SendOutcome.Unknown => Failed(item.Message.Id, new MessageError("outcome_unknown",
                $"The provider may have received this message ({result.Error?.Message}); it was not sent again, to avoid a duplicate."), now),
            _ => Failed(item.Message.Id, new MessageError("retries_exhausted", $"Gave up after {item.Attempts} attempts: {result.Error?.Message}"), now),
        });
    }

    /// <summary>Starts a refill: how many messages the window has room for, and what the refill must know when it ends.</summary>
    public OutboxRefill BeginRefill() => new(Window.Capacity - Window.Count, _dropped);

    /// <summary>
    /// Takes what a refill read into the window. A message marked as being sent by an attempt nobody holds any more
    /// may have reached the provider: once its mark is old enough that no live attempt can still be recording it, it
    /// is failed as an unknown outcome (returned, to be logged); a recent mark is looked at again later.
    /// </summary>
    public IReadOnlyList<OutboxItem> EndRefill(OutboxRefill refill, IReadOnlyList<QueuedMessage> queued, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(queued);
        var abandoned = new List<OutboxItem>();
        var markedRecently = false;
        foreach (var q in queued)
        {
            var item = new OutboxItem(q.Message, q.ContactAddress) { DueAt = now, Attempts = q.Attempts, Mark = q.SendingSince };
            if (q.SendingSince is { } since)
            {
                if (now - since < options.AbandonedAfter)
                {
                    markedRecently = true;
                    continue;
                }

                item.Outcome = Failed(q.Message.Id, new MessageError("outcome_unknown",
                    "A send was under way when its silo stopped; the provider may have received it, so it was not sent again, to avoid a duplicate."), now);
                abandoned.Add(item);
            }

            Window.TryAdd(item);
        }

        // A full read means more may be behind it; so does a notification dropped while this read was under way, and a
        // recent mark, to be looked at again once it is old enough (the reminder would too, within a minute).
        RefillNeeded = queued.Count >= refill.Room || _dropped != refill.DroppedBefore || markedRecently;
        return abandoned;
    }

    public static StatusUpdate Failed(Guid messageId, MessageError? error, DateTimeOffset at) =>
        new() { MessageId = messageId, Status = MessageStatus.Failed, At = at, Error = error };

    public static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
