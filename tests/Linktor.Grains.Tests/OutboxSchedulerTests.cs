using Linktor.Adapters;
using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Grains.Channels;
using Linktor.Storage.Messages;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>
/// The outbox's decisions on their own, without a silo: what goes next within the concurrency, the provider's rates
/// and its circuit, when to look again, what a provider's answer means, and when the window needs the store.
/// </summary>
public sealed class OutboxSchedulerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static OutboxOptions Options(int maxConcurrentSends = 256, int window = 100, int maxAttempts = 3) => new()
    {
        MaxConcurrentSends = maxConcurrentSends,
        Window = window,
        MaxAttempts = maxAttempts,
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(30),
        PollInterval = TimeSpan.FromMilliseconds(500),
        AbandonedAfter = TimeSpan.FromMinutes(2),
    };

    [Fact]
    public void NoMoreSendsStartThanTheConcurrencyAllows()
    {
        var scheduler = new OutboxScheduler(Options(maxConcurrentSends: 2));
        using var throttle = new SendThrottle(ChannelRateLimits.Unlimited);
        foreach (var _ in Enumerable.Range(0, 3))
        {
            scheduler.Offer(Item(Guid.CreateVersion7()));
        }

        var due = scheduler.TakeDue(Now, TimeSpan.Zero, throttle);

        due.ToSend.Count.ShouldBe(2);
        due.HoldUntil.ShouldBeNull();
        scheduler.LookAgainAt(due.HoldUntil, canStartSends: true).ShouldBeNull("the third waits for a send to finish, not for a time");
        scheduler.IsIdle(null).ShouldBeFalse();
    }

    [Fact]
    public void AMessageWhoseProviderAnsweredIsOnlyRecorded()
    {
        var scheduler = new OutboxScheduler(Options());
        using var throttle = new SendThrottle(ChannelRateLimits.Unlimited);
        var answered = Item(Guid.CreateVersion7());
        answered.Outcome = new StatusUpdate { MessageId = answered.Message.Id, Status = MessageStatus.Sent, At = Now };
        scheduler.Offer(answered);

        var due = scheduler.TakeDue(Now, TimeSpan.Zero, throttle);

        due.ToRecord.ShouldBe([answered]);
        due.ToSend.ShouldBeEmpty();
    }

    [Fact]
    public void AnOpenCircuitHoldsTheWholeChannelAndPutsTheMessageBack()
    {
        var scheduler = new OutboxScheduler(Options());
        using var throttle = new SendThrottle(ChannelRateLimits.Unlimited);
        var item = Item(Guid.CreateVersion7());
        scheduler.Offer(item);

        var due = scheduler.TakeDue(Now, TimeSpan.FromSeconds(5), throttle);

        due.ToSend.ShouldBeEmpty();
        due.HoldUntil.ShouldBe(Now + TimeSpan.FromSeconds(5));
        // Still due now, yet the pump looks again only when the circuit half-opens: it must not spin on it.
        scheduler.Window.NextDueAt.ShouldBe(Now);
        scheduler.LookAgainAt(due.HoldUntil, canStartSends: true).ShouldBe(Now + TimeSpan.FromSeconds(5));
        scheduler.Sleep(due.HoldUntil, Now).ShouldBe(TimeSpan.FromMilliseconds(500), "never longer than a poll interval");
    }

    [Fact]
    public void AnEmptyRecipientBucketHoldsOnlyThatRecipient()
    {
        var scheduler = new OutboxScheduler(Options());
        using var throttle = new SendThrottle(new ChannelRateLimits(double.PositiveInfinity, int.MaxValue, RecipientPerSecond: 1, RecipientBurst: 1));
        var first = Item(Guid.CreateVersion7(), "+15550100");
        var second = Item(Guid.CreateVersion7(), "+15550100");
        var other = Item(Guid.CreateVersion7(), "+15550199");
        scheduler.Offer(first);
        scheduler.Offer(second);
        scheduler.Offer(other);

        var due = scheduler.TakeDue(Now, TimeSpan.Zero, throttle);

        due.ToSend.ShouldBe([first, other], ignoreOrder: true);
        due.HoldUntil.ShouldBeNull();
        second.DueAt.ShouldBeGreaterThan(Now, "it is put back until its recipient's bucket has a token");
    }

    [Fact]
    public void AnExhaustedChannelRateHoldsEveryone()
    {
        var scheduler = new OutboxScheduler(Options());
        using var throttle = new SendThrottle(new ChannelRateLimits(1, 1));
        scheduler.Offer(Item(Guid.CreateVersion7(), "+15550100"));
        scheduler.Offer(Item(Guid.CreateVersion7(), "+15550101"));

        var due = scheduler.TakeDue(Now, TimeSpan.Zero, throttle);

        due.ToSend.Count.ShouldBe(1);
        due.HoldUntil.ShouldNotBeNull().ShouldBeGreaterThan(Now);
    }

    [Fact]
    public void ASentAnswerIsRecordedWithTheProvidersId()
    {
        var scheduler = new OutboxScheduler(Options());
        var item = Item(Guid.CreateVersion7());
        item.Attempts = 1;

        var decision = scheduler.Decide(item, SendResult.Sent("ext-1"), providerDropsRepeats: false, circuitOpen: false, Now, new Random(1));

        decision.RetryIn.ShouldBeNull();
        var outcome = decision.Outcome.ShouldNotBeNull();
        (outcome.Status, outcome.ExternalId, outcome.At).ShouldBe((MessageStatus.Sent, "ext-1", Now));
    }

    [Fact]
    public void APassingFailureIsRetriedUntilTheAttemptsRunOut()
    {
        var scheduler = new OutboxScheduler(Options(maxAttempts: 3));
        var item = Item(Guid.CreateVersion7());
        item.Attempts = 2;

        var retry = scheduler.Decide(item, SendResult.Retryable("busy", "try later"), false, false, Now, new Random(1));
        item.Attempts = 3;
        var last = scheduler.Decide(item, SendResult.Retryable("busy", "try later"), false, false, Now, new Random(1));

        retry.RetryIn.ShouldNotBeNull().ShouldBeInRange(TimeSpan.Zero, TimeSpan.FromSeconds(30));
        last.RetryIn.ShouldBeNull();
        last.Outcome.ShouldNotBeNull().Error.ShouldNotBeNull().Code.ShouldBe("retries_exhausted");
    }

    [Fact]
    public void AnOutageDoesNotSpendTheMessagesAttempts()
    {
        var scheduler = new OutboxScheduler(Options(maxAttempts: 3));
        var item = Item(Guid.CreateVersion7());
        item.Attempts = 3;

        var decision = scheduler.Decide(item, SendResult.Retryable("provider_unavailable", "503"), false, circuitOpen: true, Now, new Random(1));

        decision.RetryIn.ShouldNotBeNull();
        item.Attempts.ShouldBe(2);
    }

    [Fact]
    public void AnUnknownOutcomeIsFailedUnlessTheProviderDropsRepeats()
    {
        var scheduler = new OutboxScheduler(Options());
        var item = Item(Guid.CreateVersion7());
        item.Attempts = 1;

        var failed = scheduler.Decide(item, SendResult.Unknown("timeout", "no answer"), providerDropsRepeats: false, false, Now, new Random(1));
        var retried = scheduler.Decide(item, SendResult.Unknown("timeout", "no answer"), providerDropsRepeats: true, false, Now, new Random(1));

        failed.Outcome.ShouldNotBeNull().Error.ShouldNotBeNull().Code.ShouldBe("outcome_unknown");
        retried.RetryIn.ShouldNotBeNull();
    }

    [Fact]
    public void AFullWindowSendsANotificationToTheStoreAndARefillLooksAgain()
    {
        var scheduler = new OutboxScheduler(Options(window: 2));
        using var throttle = new SendThrottle(ChannelRateLimits.Unlimited);
        var refill = scheduler.BeginRefill();
        scheduler.EndRefill(refill, [], Now);
        scheduler.RefillNeeded.ShouldBeFalse("an empty read: the store holds nothing more");

        scheduler.Offer(Item(Guid.CreateVersion7()));
        scheduler.Offer(Item(Guid.CreateVersion7()));
        scheduler.RefillNeeded.ShouldBeFalse();
        refill = scheduler.BeginRefill();
        scheduler.Offer(Item(Guid.CreateVersion7())); // dropped while the refill reads
        scheduler.RefillNeeded.ShouldBeTrue();
        scheduler.ShouldRefill.ShouldBeFalse("the window is full");
        scheduler.EndRefill(refill, [], Now);

        scheduler.RefillNeeded.ShouldBeTrue("a notification was dropped while the refill read the store");
    }

    [Fact]
    public void ARefillFailsAnAbandonedSendAsUnknownAndLeavesARecentOneToItsAttempt()
    {
        var scheduler = new OutboxScheduler(Options());
        var abandoned = Item(Guid.CreateVersion7()).Message;
        var recent = Item(Guid.CreateVersion7()).Message;
        var plain = Item(Guid.CreateVersion7()).Message;

        var failed = scheduler.EndRefill(scheduler.BeginRefill(),
        [
            new QueuedMessage(abandoned, "+15550100") { SendingSince = Now - TimeSpan.FromMinutes(5), Attempts = 1 },
            new QueuedMessage(recent, "+15550101") { SendingSince = Now - TimeSpan.FromSeconds(5), Attempts = 1 },
            new QueuedMessage(plain, "+15550102"),
        ], Now);

        failed.Select(i => i.Message.Id).ShouldBe([abandoned.Id]);
        failed[0].Outcome.ShouldNotBeNull().Error.ShouldNotBeNull().Code.ShouldBe("outcome_unknown");
        scheduler.Window.MessageIds.ShouldBe([abandoned.Id, plain.Id], ignoreOrder: true);
        scheduler.RefillNeeded.ShouldBeTrue("the recent mark is looked at again once it is old enough");
    }

    private static OutboxItem Item(Guid conversationId, string contactAddress = "+15550100") =>
        new(new MessageRecord
        {
            Id = Guid.CreateVersion7(),
            TenantId = Guid.Empty,
            ConversationId = conversationId,
            ChannelId = Guid.Empty,
            Seq = 1,
            Direction = MessageDirection.Outbound,
            Sender = new MessageSender(ActorType.Api, null),
            Content = MessageContent.FromText("x"),
            Status = MessageStatus.Queued,
            CreatedAt = Now,
        }, contactAddress)
        { DueAt = Now };
}
