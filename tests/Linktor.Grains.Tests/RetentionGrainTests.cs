using Linktor.Contracts.Common;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Storage.Retention;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>
/// Conversation and contact grains under retention and erasure: a trimmed log is read again and the seq goes on;
/// an erased grain forgets, and a later activation finds nothing to bring back.
/// </summary>
public sealed class RetentionGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AConversationWhoseMessagesTheSweepDeletedShowsNoneOfThemAndTakesTheNextSeq()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var conversation = await tenant.OpenConversationAsync();
        var grain = tenant.Conversation(conversation.Id);
        for (var i = 1; i <= 3; i++)
        {
            await tenant.SendAsync(conversation.Id, $"old {i}");
        }

        var db = fixture.Database.DataSource;
        await Sql.ExecuteAsync(db, "UPDATE messages SET created_at = now() - interval '2 days' WHERE tenant_id = $1", tenant.Id);
        (await new RetentionStore(db).DeleteMessagesAsync(tenant.Id, DateTimeOffset.UtcNow.AddDays(-1), 1000, TestContext.Current.CancellationToken))
            .Conversations.ShouldBe([conversation.Id]);
        (await grain.GetAsync()).ShouldSucceed().LastMessage.ShouldNotBeNull("the activation still holds the deleted last message");

        await grain.MessagesDeletedAsync();

        var trimmed = (await grain.GetAsync()).ShouldSucceed();
        trimmed.LastSeq.ShouldBe(3);
        trimmed.LastMessage.ShouldBeNull();
        (await tenant.SendAsync(conversation.Id, "new")).Seq.ShouldBe(4);
    }

    [Fact]
    public async Task AnErasedConversationAndContactAreNotFoundAndAReactivationBringsNothingBack()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var received = await tenant.ReceiveAsync(visitor, "please forget me");
        var conversationId = received.Message!.ConversationId;
        var contactId = (await tenant.Identity(visitor).GetContactIdAsync())!.Value;

        await tenant.Contact(contactId).EraseAsync();
        await tenant.Identity(visitor).ForgetAsync(contactId);
        await tenant.Conversation(conversationId).EraseAsync();

        // Each call after an erasure finds a new activation (the erased one ended), which reads the cleared state.
        (await tenant.Conversation(conversationId).GetAsync()).ShouldFailWith(ProblemCode.NotFound);
        (await tenant.Contact(contactId).GetAsync()).ShouldFailWith(ProblemCode.NotFound);
        (await Sql.ScalarAsync<long>(fixture.Database.DataSource,
            "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = ANY ($1) AND payloadbinary IS NOT NULL",
            (object)new[] { GrainKeys.Scoped(tenant.Id, conversationId), GrainKeys.Scoped(tenant.Id, contactId) })).ShouldBe(0);
    }
}
