using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>The receive path: identity → contact → open conversation, race-free and following the conversation's status.</summary>
public sealed class IdentityTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ConcurrentFirstMessagesFromANewIdentityCreateOneContactAndOneConversation()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();

        var received = (await Task.WhenAll(Enumerable.Range(1, 5)
                .Select(i => tenant.Identity(visitor).ReceiveAsync(TestTenant.Inbound($"hello {i}")))))
            .Select(r => r.ShouldSucceed().Message.ShouldNotBeNull())
            .ToList();

        received.Select(m => m.ConversationId).Distinct().Count().ShouldBe(1);
        received.Select(m => m.Seq).Order().ShouldBe([1L, 2, 3, 4, 5]);
        var db = fixture.Database.DataSource;
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM contacts WHERE tenant_id = $1", tenant.Id)).ShouldBe(1);
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM contact_identities WHERE tenant_id = $1", tenant.Id)).ShouldBe(1);
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM conversations WHERE tenant_id = $1", tenant.Id)).ShouldBe(1);
        var binding = (await Sql.RowsAsync(db,
            "SELECT contact_id, conversation_id FROM contact_identities WHERE tenant_id = $1 AND channel_id = $2 AND external_id = $3",
            tenant.Id, tenant.ChannelId, visitor)).ShouldHaveSingleItem();
        binding[1].ShouldBe(received[0].ConversationId);
        var conversation = (await tenant.Conversation(received[0].ConversationId).GetAsync()).ShouldSucceed();
        conversation.Contact.Id.ShouldBe((Guid)binding[0]!);
        received.ShouldAllBe(m => m.Sender.Id == conversation.Contact.Id);
    }

    [Fact]
    public async Task AMessageAfterTheConversationWasResolvedOpensANewConversation()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var first = (await tenant.ReceiveAsync(visitor, "hi")).Message!;
        (await tenant.Conversation(first.ConversationId).UpdateAsync(new ConversationPatch { Status = ConversationStatus.Resolved }, tenant.Agent))
            .ShouldSucceed().Status.ShouldBe(ConversationStatus.Resolved);

        var second = await tenant.ReceiveAsync(visitor, "hi again");
        var third = await tenant.ReceiveAsync(visitor, "still there?");

        second.Duplicate.ShouldBeFalse();
        var fresh = second.Message.ShouldNotBeNull();
        fresh.ConversationId.ShouldNotBe(first.ConversationId);
        fresh.Seq.ShouldBe(1);
        third.Message.ShouldNotBeNull().ConversationId.ShouldBe(fresh.ConversationId);
        third.Message.Seq.ShouldBe(2);
        var old = (await tenant.Conversation(first.ConversationId).GetAsync()).ShouldSucceed();
        old.Status.ShouldBe(ConversationStatus.Resolved);
        old.LastSeq.ShouldBe(1);
        var opened = (await tenant.Conversation(fresh.ConversationId).GetAsync()).ShouldSucceed();
        opened.Status.ShouldBe(ConversationStatus.Open);
        opened.Contact.Id.ShouldBe(old.Contact.Id, "the same contact starts the new conversation");
        var rows = await Sql.RowsAsync(fixture.Database.DataSource,
            "SELECT id, status, last_seq FROM conversations WHERE tenant_id = $1 ORDER BY created_at", tenant.Id);
        rows.Select(r => ((Guid)r[0]!, (string)r[1]!, (long)r[2]!))
            .ShouldBe([(first.ConversationId, "resolved", 1L), (fresh.ConversationId, "open", 2L)]);
    }

    [Fact]
    public async Task AMessageWakesASnoozedConversation()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var first = (await tenant.ReceiveAsync(visitor, "hi")).Message!;
        var grain = tenant.Conversation(first.ConversationId);
        var snoozed = (await grain.UpdateAsync(
            new ConversationPatch { Status = ConversationStatus.Snoozed, SnoozedUntil = DateTimeOffset.UtcNow.AddHours(1) }, tenant.Agent)).ShouldSucceed();
        snoozed.Status.ShouldBe(ConversationStatus.Snoozed);
        snoozed.SnoozedUntil.ShouldNotBeNull();

        var second = await tenant.ReceiveAsync(visitor, "are you there?");

        second.Message.ShouldNotBeNull().ConversationId.ShouldBe(first.ConversationId);
        second.Message.Seq.ShouldBe(2);
        var woken = (await grain.GetAsync()).ShouldSucceed();
        woken.Status.ShouldBe(ConversationStatus.Open);
        woken.SnoozedUntil.ShouldBeNull();
        var row = (await Sql.RowsAsync(fixture.Database.DataSource,
            "SELECT status, snoozed_until FROM conversations WHERE tenant_id = $1 AND id = $2", tenant.Id, first.ConversationId)).ShouldHaveSingleItem();
        row[0].ShouldBe("open");
        row[1].ShouldBeNull();
    }

    [Fact]
    public async Task AMessageAfterACrashBetweenPointerAndConversationCompletesThatConversation()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var first = (await tenant.ReceiveAsync(visitor, "hi")).Message!;
        var orphanId = await CrashAfterPointerAsync(tenant, visitor);

        var received = (await tenant.ReceiveAsync(visitor, "after the crash")).Message!;

        received.ConversationId.ShouldBe(orphanId, "the message goes to the conversation the pointer names");
        received.Seq.ShouldBe(1);
        var completed = (await tenant.Conversation(orphanId).GetAsync()).ShouldSucceed();
        completed.LastSeq.ShouldBe(1);
        completed.Contact.Id.ShouldBe(first.Sender.Id!.Value);
        (await Sql.RowsAsync(fixture.Database.DataSource, "SELECT id FROM conversations WHERE tenant_id = $1", tenant.Id))
            .Select(r => (Guid)r[0]!).ShouldBe([first.ConversationId, orphanId], ignoreOrder: true, "no third, empty conversation");
        (await tenant.ReceiveAsync(visitor, "and again")).Message!.ConversationId.ShouldBe(orphanId);
    }

    [Fact]
    public async Task OpeningAConversationAfterACrashBetweenPointerAndConversationCompletesThatConversation()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var first = (await tenant.ReceiveAsync(visitor, "hi")).Message!;
        var orphanId = await CrashAfterPointerAsync(tenant, visitor);

        var opened = (await tenant.Identity(visitor).OpenConversationAsync(null)).ShouldSucceed();

        opened.Conversation.Id.ShouldBe(orphanId);
        opened.Created.ShouldBeTrue();
        (await Sql.ScalarAsync<long>(fixture.Database.DataSource, "SELECT count(*) FROM conversations WHERE tenant_id = $1", tenant.Id)).ShouldBe(2);
        first.ConversationId.ShouldNotBe(orphanId);
    }

    [Fact]
    public async Task ANewConversationShowsTheContactAsItIsNow()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var first = (await tenant.ReceiveAsync(visitor, "hi")).Message!;
        (await tenant.Contact(first.Sender.Id!.Value).UpdateAsync(new ContactPatch { SetName = true, Name = "Ada Lovelace" })).ShouldSucceed();
        (await tenant.Conversation(first.ConversationId).GetAsync()).ShouldSucceed().Contact.Name.ShouldBe("Ada Lovelace");
        (await tenant.Conversation(first.ConversationId).UpdateAsync(new ConversationPatch { Status = ConversationStatus.Resolved }, tenant.Agent)).ShouldSucceed();

        var second = (await tenant.ReceiveAsync(visitor, "me again")).Message!;

        second.ConversationId.ShouldNotBe(first.ConversationId);
        (await tenant.Conversation(second.ConversationId).GetAsync()).ShouldSucceed().Contact.Name.ShouldBe("Ada Lovelace");
    }

    [Fact]
    public async Task OpeningAConversationAfterTheLastWasResolvedOpensANewOne()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var first = (await tenant.Identity(visitor).OpenConversationAsync(null)).ShouldSucceed().Conversation;
        (await tenant.Conversation(first.Id).UpdateAsync(new ConversationPatch { Status = ConversationStatus.Resolved }, tenant.Agent)).ShouldSucceed();

        var second = (await tenant.Identity(visitor).OpenConversationAsync(null)).ShouldSucceed();

        second.Created.ShouldBeTrue();
        second.Conversation.Id.ShouldNotBe(first.Id);
        second.Conversation.Status.ShouldBe(ConversationStatus.Open);
        (await tenant.ReceiveAsync(visitor, "hi")).Message!.ConversationId.ShouldBe(second.Conversation.Id);
    }

    [Fact]
    public async Task ASnoozedConversationReopensWhenItsTimeComes()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var conversation = await tenant.OpenConversationAsync();
        var grain = tenant.Conversation(conversation.Id);

        (await grain.UpdateAsync(new ConversationPatch { Status = ConversationStatus.Snoozed, SnoozedUntil = DateTimeOffset.UtcNow.AddSeconds(2) }, tenant.Agent))
            .ShouldSucceed().Status.ShouldBe(ConversationStatus.Snoozed);

        await Eventually.TrueAsync(async () => (await grain.GetAsync()).Value?.Status == ConversationStatus.Open,
            TimeSpan.FromSeconds(30), "the unsnooze reminder reopens the conversation", TestContext.Current.CancellationToken);
        (await grain.GetAsync()).ShouldSucceed().SnoozedUntil.ShouldBeNull();
        (await Sql.ScalarAsync<string>(fixture.Database.DataSource, "SELECT status FROM conversations WHERE id = $1", conversation.Id)).ShouldBe("open");
    }

    [Fact]
    public async Task OpeningAConversationTwiceAnswersTheSameOne()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();

        var first = (await tenant.Identity(visitor).OpenConversationAsync(null)).ShouldSucceed();
        var second = (await tenant.Identity(visitor).OpenConversationAsync(null)).ShouldSucceed();
        var received = await tenant.ReceiveAsync(visitor, "hi");

        first.Created.ShouldBeTrue();
        second.Created.ShouldBeFalse();
        second.Conversation.Id.ShouldBe(first.Conversation.Id);
        received.Message.ShouldNotBeNull().ConversationId.ShouldBe(first.Conversation.Id);
    }

    /// <summary>
    /// Leaves the state a crash leaves between the identity's two steps: the pointer to a new conversation is
    /// written (the previous one was resolved), the conversation grain never created. The identity grain is
    /// deactivated so that it reads its row again, as after a silo restart.
    /// </summary>
    private async Task<Guid> CrashAfterPointerAsync(TestTenant tenant, string visitor)
    {
        var current = (await tenant.Identity(visitor).OpenConversationAsync(null)).ShouldSucceed().Conversation.Id;
        (await tenant.Conversation(current).UpdateAsync(new ConversationPatch { Status = ConversationStatus.Resolved }, tenant.Agent)).ShouldSucceed();
        var orphanId = Guid.CreateVersion7();
        (await Sql.ExecuteAsync(fixture.Database.DataSource,
            "UPDATE contact_identities SET conversation_id = $4 WHERE tenant_id = $1 AND channel_id = $2 AND external_id = $3",
            tenant.Id, tenant.ChannelId, visitor, orphanId)).ShouldBe(1);
        await fixture.Cluster.DeactivateAsync(tenant.Identity(visitor));
        return orphanId;
    }
}
