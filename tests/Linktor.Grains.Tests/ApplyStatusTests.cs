using Linktor.Contracts.Common;
using Linktor.Contracts.Messages;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Storage.Messages;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>Delivery reports through the conversation grain: merged monotonically, stored, and logged.</summary>
public sealed class ApplyStatusTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MessageReader Reader => new(fixture.Database.DataSource);

    [Fact]
    public async Task OutOfOrderReportsEndInTheRightFinalStatus()
    {
        var (tenant, grain, message) = await SentMessageAsync();
        var sentAt = message.SentAt.ShouldNotBeNull();
        var readAt = sentAt.AddSeconds(20);

        var read = (await grain.ApplyStatusAsync(Update(message.Id, MessageStatus.Read, readAt))).ShouldSucceed();
        var lateDelivered = (await grain.ApplyStatusAsync(Update(message.Id, MessageStatus.Delivered, sentAt.AddSeconds(10)))).ShouldSucceed();
        var lateFailure = (await grain.ApplyStatusAsync(Update(message.Id, MessageStatus.Failed, sentAt.AddSeconds(30)))).ShouldSucceed();

        read.Status.ShouldBe(MessageStatus.Read);
        read.DeliveredAt.ShouldBe(readAt, "read implies delivered");
        read.ReadAt.ShouldBe(readAt);
        lateDelivered.Status.ShouldBe(MessageStatus.Read);
        lateFailure.Status.ShouldBe(MessageStatus.Read);
        lateFailure.Error.ShouldBeNull();
        var stored = (await Reader.GetAsync(tenant.Id, message.Id, Ct)).ShouldNotBeNull();
        stored.Status.ShouldBe(MessageStatus.Read);
        stored.ReadAt.ShouldBe(readAt);
        stored.DeliveredAt.ShouldBe(readAt);
        stored.SentAt.ShouldBe(sentAt);
        (await Reader.GetStatusHistoryAsync(stored, Ct)).Select(h => h.Status)
            .ShouldBe([MessageStatus.Sent, MessageStatus.Read], "ignored reports leave no trace (web chat: sent as it was stored)");
    }

    [Fact]
    public async Task AFailureIsStoredWithItsErrorAndALaterDeliveryOverridesIt()
    {
        var (tenant, grain, message) = await SentMessageAsync();
        var at = message.SentAt!.Value;

        var failed = (await grain.ApplyStatusAsync(
            Update(message.Id, MessageStatus.Failed, at.AddSeconds(1)) with { Error = new MessageError("131026", "Receiver is incapable") })).ShouldSucceed();
        var storedFailure = (await Reader.GetAsync(tenant.Id, message.Id, Ct)).ShouldNotBeNull();
        var delivered = (await grain.ApplyStatusAsync(Update(message.Id, MessageStatus.Delivered, at.AddSeconds(2)))).ShouldSucceed();

        failed.Status.ShouldBe(MessageStatus.Failed);
        storedFailure.Status.ShouldBe(MessageStatus.Failed);
        storedFailure.Error.ShouldBe(new MessageError("131026", "Receiver is incapable"));
        delivered.Status.ShouldBe(MessageStatus.Delivered);
        var stored = (await Reader.GetAsync(tenant.Id, message.Id, Ct)).ShouldNotBeNull();
        stored.Status.ShouldBe(MessageStatus.Delivered);
        stored.Error.ShouldBeNull();
        var history = await Reader.GetStatusHistoryAsync(stored, Ct);
        history.Select(h => h.Status).ShouldBe([MessageStatus.Sent, MessageStatus.Failed, MessageStatus.Delivered]);
        history[1].Error.ShouldBe(new MessageError("131026", "Receiver is incapable"));
    }

    [Fact]
    public async Task AReportForAnUnknownMessageIsNotFound()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var conversation = await tenant.OpenConversationAsync();

        var result = await tenant.Conversation(conversation.Id).ApplyStatusAsync(Update(Guid.CreateVersion7(), MessageStatus.Delivered, DateTimeOffset.UtcNow));

        result.ShouldFailWith(ProblemCode.NotFound);
    }

    [Fact]
    public async Task AReportForAMessageOfAnotherConversationIsNotFoundAndChangesNothing()
    {
        var (tenant, _, message) = await SentMessageAsync();
        var other = await tenant.OpenConversationAsync();

        var result = await tenant.Conversation(other.Id).ApplyStatusAsync(Update(message.Id, MessageStatus.Read, DateTimeOffset.UtcNow));

        result.ShouldFailWith(ProblemCode.NotFound);
        (await Reader.GetAsync(tenant.Id, message.Id, Ct)).ShouldNotBeNull().Status.ShouldBe(MessageStatus.Sent);
    }

    /// <summary>A web-chat message, sent as it is stored, so no send result races the test's own reports.</summary>
    private async Task<(TestTenant Tenant, Contracts.Conversations.IConversationGrain Grain, MessageRecord Message)> SentMessageAsync()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var conversation = await tenant.OpenConversationAsync();
        var accepted = await tenant.SendAsync(conversation.Id, "hello");
        var sent = (await Reader.GetAsync(tenant.Id, accepted.Id, Ct)).ShouldNotBeNull();
        sent.Status.ShouldBe(MessageStatus.Sent);
        return (tenant, tenant.Conversation(conversation.Id), sent);
    }

    private static StatusUpdate Update(Guid messageId, MessageStatus status, DateTimeOffset at) =>
        new() { MessageId = messageId, Status = status, At = at };
}
