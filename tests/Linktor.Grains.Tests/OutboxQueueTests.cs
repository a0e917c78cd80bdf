using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Grains.Channels;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>
/// The channel's in-memory outbox window: one message out per conversation, in seq order, the due ones by due time
/// then arrival, never more than its capacity — and each operation independent of how much is queued.
/// </summary>
public sealed class OutboxQueueTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AConversationSendsOneMessageAtATimeInSeqOrderWhileOthersGoAlongside()
    {
        var queue = new OutboxQueue(100);
        var a = Guid.CreateVersion7();
        var b = Guid.CreateVersion7();
        var a2 = Item(a, 2);
        var a1 = Item(a, 1);
        var b1 = Item(b, 1);
        queue.TryAdd(a2).ShouldBeTrue();
        queue.TryAdd(b1).ShouldBeTrue();
        queue.TryAdd(a1).ShouldBeTrue(); // read from the store after a later one arrived: it is still first

        var first = queue.TakeDue(Now);
        var second = queue.TakeDue(Now);

        new[] { first, second }.ShouldBe([a1, b1], ignoreOrder: true);
        queue.TakeDue(Now).ShouldBeNull("a2 waits for a1");
        queue.Taken.ShouldBe(2);
        queue.Remove(a1);
        queue.TakeDue(Now).ShouldBe(a2);
    }

    [Fact]
    public void AMessageHeldForARetryHoldsBackItsConversationButNotTheOthers()
    {
        var queue = new OutboxQueue(100);
        var a = Guid.CreateVersion7();
        var a1 = Item(a, 1);
        var a2 = Item(a, 2);
        var b1 = Item(Guid.CreateVersion7(), 1);
        queue.TryAdd(a1);
        queue.TryAdd(a2);

        queue.TakeDue(Now).ShouldBe(a1);
        queue.Release(a1, Now.AddSeconds(5));
        queue.TryAdd(b1);

        queue.TakeDue(Now).ShouldBe(b1);
        queue.TakeDue(Now).ShouldBeNull("a1 is not due yet, and a2 waits behind it");
        queue.NextDueAt.ShouldBe(Now.AddSeconds(5));
        queue.TakeDue(Now.AddSeconds(5)).ShouldBe(a1);
    }

    [Fact]
    public void DueMessagesGoByDueTimeThenArrival()
    {
        var queue = new OutboxQueue(100);
        var late = Item(Guid.CreateVersion7(), 1, Now.AddSeconds(2));
        var early = Item(Guid.CreateVersion7(), 1, Now.AddSeconds(1));
        var firstIn = Item(Guid.CreateVersion7(), 1, Now);
        var secondIn = Item(Guid.CreateVersion7(), 1, Now);
        foreach (var item in new[] { late, firstIn, early, secondIn })
        {
            queue.TryAdd(item);
        }

        var order = new List<OutboxItem>();
        while (queue.TakeDue(Now.AddSeconds(10)) is { } item)
        {
            order.Add(item);
        }

        order.ShouldBe([firstIn, secondIn, early, late]);
    }

    [Fact]
    public void TheWindowTakesNoMoreThanItsCapacityAndNoMessageTwice()
    {
        var queue = new OutboxQueue(3);
        var one = Item(Guid.CreateVersion7(), 1);

        queue.TryAdd(one).ShouldBeTrue();
        queue.TryAdd(one).ShouldBeFalse("already here");
        queue.TryAdd(Item(Guid.CreateVersion7(), 1)).ShouldBeTrue();
        queue.TryAdd(Item(Guid.CreateVersion7(), 1)).ShouldBeTrue();
        queue.TryAdd(Item(Guid.CreateVersion7(), 1)).ShouldBeFalse("full: it waits in the store");

        queue.Count.ShouldBe(3);
        queue.IsFull.ShouldBeTrue();
        queue.Remove(one);
        queue.IsFull.ShouldBeFalse();
    }

    [Fact]
    public void ADeepQueueCostsTheSameToTakeFrom()
    {
        // 100,000 conversations with one message each, and one conversation 10,000 deep: taking and finishing them
        // all is linear-logarithmic, where a scan per take (the old outbox) would be quadratic.
        var queue = new OutboxQueue(200_000);
        var deep = Guid.CreateVersion7();
        for (var seq = 1; seq <= 10_000; seq++)
        {
            queue.TryAdd(Item(deep, seq));
        }

        for (var i = 0; i < 100_000; i++)
        {
            queue.TryAdd(Item(Guid.CreateVersion7(), 1));
        }

        var taken = 0;
        while (queue.TakeDue(Now) is { } item)
        {
            queue.Remove(item);
            taken++;
        }

        taken.ShouldBe(110_000);
        queue.Count.ShouldBe(0);
    }

    private static OutboxItem Item(Guid conversationId, long seq, DateTimeOffset? due = null) =>
        new(new MessageRecord
        {
            Id = Guid.CreateVersion7(),
            TenantId = Guid.Empty,
            ConversationId = conversationId,
            ChannelId = Guid.Empty,
            Seq = seq,
            Direction = MessageDirection.Outbound,
            Sender = new MessageSender(ActorType.Api, null),
            Content = MessageContent.FromText("x"),
            Status = MessageStatus.Queued,
            CreatedAt = Now,
        }, "+15550100")
        { DueAt = due ?? Now };
}
