using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Grains.Conversations;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary><see cref="StatusMerge"/> alone: provider reports arrive out of order and must never move a message backwards.</summary>
public sealed class StatusMergeTests
{
    private static readonly DateTimeOffset Created = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = Created.AddSeconds(1);
    private static readonly DateTimeOffset T2 = Created.AddSeconds(2);
    private static readonly DateTimeOffset T3 = Created.AddSeconds(3);

    [Theory]
    [InlineData(MessageStatus.Queued, MessageStatus.Sent, true)]
    [InlineData(MessageStatus.Queued, MessageStatus.Delivered, true)]
    [InlineData(MessageStatus.Queued, MessageStatus.Read, true)]
    [InlineData(MessageStatus.Queued, MessageStatus.Failed, true)]
    [InlineData(MessageStatus.Sent, MessageStatus.Queued, false)]
    [InlineData(MessageStatus.Sent, MessageStatus.Sent, false)]
    [InlineData(MessageStatus.Sent, MessageStatus.Delivered, true)]
    [InlineData(MessageStatus.Sent, MessageStatus.Failed, true)]
    [InlineData(MessageStatus.Delivered, MessageStatus.Sent, false)]
    [InlineData(MessageStatus.Delivered, MessageStatus.Delivered, false)]
    [InlineData(MessageStatus.Delivered, MessageStatus.Read, true)]
    [InlineData(MessageStatus.Delivered, MessageStatus.Failed, false)]
    [InlineData(MessageStatus.Read, MessageStatus.Delivered, false)]
    [InlineData(MessageStatus.Read, MessageStatus.Sent, false)]
    [InlineData(MessageStatus.Read, MessageStatus.Failed, false)]
    [InlineData(MessageStatus.Failed, MessageStatus.Sent, false)]
    [InlineData(MessageStatus.Failed, MessageStatus.Failed, false)]
    [InlineData(MessageStatus.Failed, MessageStatus.Delivered, true)]
    [InlineData(MessageStatus.Failed, MessageStatus.Read, true)]
    public void AReportAppliesOnlyWhenItMovesTheMessageForward(MessageStatus from, MessageStatus to, bool applies)
    {
        var merged = StatusMerge.Apply(Message(from), Update(to, T2));

        if (applies)
        {
            merged.ShouldNotBeNull().Status.ShouldBe(to);
        }
        else
        {
            merged.ShouldBeNull();
        }
    }

    [Fact]
    public void DeliveredAfterReadDoesNotDowngrade()
    {
        var read = StatusMerge.Apply(Message(MessageStatus.Sent, sentAt: T1), Update(MessageStatus.Read, T3)).ShouldNotBeNull();

        StatusMerge.Apply(read, Update(MessageStatus.Delivered, T2)).ShouldBeNull();
        read.Status.ShouldBe(MessageStatus.Read);
    }

    [Fact]
    public void FailedAfterDeliveredIsIgnored()
    {
        var delivered = Message(MessageStatus.Delivered, sentAt: T1, deliveredAt: T2);

        StatusMerge.Apply(delivered, Update(MessageStatus.Failed, T3, new MessageError("131026", "Undeliverable"))).ShouldBeNull();
    }

    [Fact]
    public void DeliveredAfterFailedWinsAndClearsTheError()
    {
        var failed = StatusMerge.Apply(Message(MessageStatus.Sent, sentAt: T1), Update(MessageStatus.Failed, T2, new MessageError("timeout", "No answer"))).ShouldNotBeNull();
        failed.Error.ShouldBe(new MessageError("timeout", "No answer"));

        var delivered = StatusMerge.Apply(failed, Update(MessageStatus.Delivered, T3)).ShouldNotBeNull();

        delivered.Status.ShouldBe(MessageStatus.Delivered);
        delivered.Error.ShouldBeNull();
        delivered.SentAt.ShouldBe(T1);
        delivered.DeliveredAt.ShouldBe(T3);
    }

    [Fact]
    public void ReadImpliesSentAndDeliveredTimestamps()
    {
        var read = StatusMerge.Apply(Message(MessageStatus.Queued), Update(MessageStatus.Read, T2)).ShouldNotBeNull();

        read.SentAt.ShouldBe(T2);
        read.DeliveredAt.ShouldBe(T2);
        read.ReadAt.ShouldBe(T2);
    }

    [Fact]
    public void EarlierTimestampsAreKept()
    {
        var delivered = StatusMerge.Apply(Message(MessageStatus.Sent, sentAt: T1), Update(MessageStatus.Delivered, T2)).ShouldNotBeNull();
        var read = StatusMerge.Apply(delivered, Update(MessageStatus.Read, T3)).ShouldNotBeNull();

        read.SentAt.ShouldBe(T1);
        read.DeliveredAt.ShouldBe(T2);
        read.ReadAt.ShouldBe(T3);
    }

    [Fact]
    public void AFailureWithoutAReasonGetsADefaultErrorAndNoTimestamps()
    {
        var failed = StatusMerge.Apply(Message(MessageStatus.Queued), Update(MessageStatus.Failed, T2)).ShouldNotBeNull();

        failed.Status.ShouldBe(MessageStatus.Failed);
        failed.Error.ShouldNotBeNull().Code.ShouldBe("failed");
        failed.SentAt.ShouldBeNull();
        failed.DeliveredAt.ShouldBeNull();
    }

    [Fact]
    public void TheFirstProviderIdIsKept()
    {
        var sent = StatusMerge.Apply(Message(MessageStatus.Queued), Update(MessageStatus.Sent, T1) with { ExternalId = "wamid.1" }).ShouldNotBeNull();
        var delivered = StatusMerge.Apply(sent, Update(MessageStatus.Delivered, T2) with { ExternalId = "wamid.other" }).ShouldNotBeNull();

        sent.ExternalId.ShouldBe("wamid.1");
        delivered.ExternalId.ShouldBe("wamid.1");
    }

    private static StatusUpdate Update(MessageStatus status, DateTimeOffset at, MessageError? error = null) =>
        new() { MessageId = Guid.Empty, Status = status, At = at, Error = error };

    private static MessageRecord Message(MessageStatus status, DateTimeOffset? sentAt = null, DateTimeOffset? deliveredAt = null) => new()
    {
        Id = Guid.CreateVersion7(),
        ConversationId = Guid.CreateVersion7(),
        ChannelId = Guid.CreateVersion7(),
        Seq = 1,
        Direction = MessageDirection.Outbound,
        Sender = new MessageSender(ActorType.Agent, Guid.CreateVersion7()),
        Content = MessageContent.FromText("hello"),
        Status = status,
        Error = status == MessageStatus.Failed ? new MessageError("earlier", "An earlier failure") : null,
        CreatedAt = Created,
        SentAt = sentAt,
        DeliveredAt = deliveredAt,
    };
}
