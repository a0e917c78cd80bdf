using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Contracts.Conversations;
using Linktor.Contracts.Messages;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>Every key carries its tenant: another tenant's ids address empty grains, which answer NotFound and write nothing.</summary>
public sealed class TenantIsolationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AConversationIdUnderAnotherTenantsKeyIsNotFoundAndNothingIsWritten()
    {
        var owner = await TestTenant.CreateAsync(fixture.Client);
        var intruder = await TestTenant.CreateAsync(fixture.Client);
        var received = (await owner.ReceiveAsync(TestTenant.NewVisitor(), "private matter")).Message!;
        var foreign = intruder.Conversation(received.ConversationId);

        (await foreign.GetAsync()).ShouldFailWith(ProblemCode.NotFound);
        (await foreign.SendAsync(intruder.Text("hijack"))).ShouldFailWith(ProblemCode.NotFound);
        (await foreign.ReceiveAsync(TestTenant.Inbound("spoof"))).ShouldFailWith(ProblemCode.NotFound);
        (await foreign.UpdateAsync(new ConversationPatch { Status = ConversationStatus.Resolved }, intruder.Agent)).ShouldFailWith(ProblemCode.NotFound);
        (await foreign.MarkReadAsync(1, intruder.Agent)).ShouldFailWith(ProblemCode.NotFound);
        (await foreign.ApplyStatusAsync(new StatusUpdate { MessageId = received.Id, Status = MessageStatus.Read, At = DateTimeOffset.UtcNow }))
            .ShouldFailWith(ProblemCode.NotFound);
        (await foreign.GetAsync()).ShouldFailWith(ProblemCode.NotFound);

        var db = fixture.Database.DataSource;
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM messages WHERE tenant_id = $1", intruder.Id)).ShouldBe(0);
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM conversations WHERE tenant_id = $1", intruder.Id)).ShouldBe(0);
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM message_status_history WHERE message_id = $1", received.Id)).ShouldBe(0);
        var original = (await owner.Conversation(received.ConversationId).GetAsync()).ShouldSucceed();
        original.Status.ShouldBe(ConversationStatus.Open);
        original.LastSeq.ShouldBe(1);
        original.UnreadCount.ShouldBe(1);
    }

    [Fact]
    public async Task AContactIdUnderAnotherTenantsKeyIsNotFound()
    {
        var owner = await TestTenant.CreateAsync(fixture.Client);
        var intruder = await TestTenant.CreateAsync(fixture.Client);
        var contactId = Guid.CreateVersion7();
        (await owner.Contact(contactId).CreateAsync(new ContactDraft { Name = "Ada" })).ShouldSucceed();
        var foreign = intruder.Contact(contactId);

        (await foreign.GetAsync()).ShouldFailWith(ProblemCode.NotFound);
        (await foreign.UpdateAsync(new ContactPatch { SetName = true, Name = "Mallory" })).ShouldFailWith(ProblemCode.NotFound);
        (await foreign.DeleteAsync()).ShouldFailWith(ProblemCode.NotFound);

        (await owner.Contact(contactId).GetAsync()).ShouldSucceed().Name.ShouldBe("Ada");
        (await Sql.ScalarAsync<long>(fixture.Database.DataSource, "SELECT count(*) FROM contacts WHERE tenant_id = $1", intruder.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task AMessageOnAnotherTenantsChannelFindsNoChannelAndCreatesNothing()
    {
        var owner = await TestTenant.CreateAsync(fixture.Client);
        var intruder = await TestTenant.CreateAsync(fixture.Client);
        var identity = fixture.Client.GetGrain<IIdentityGrain>(GrainKeys.Identity(intruder.Id, owner.ChannelId, TestTenant.NewVisitor()));

        (await identity.ReceiveAsync(TestTenant.Inbound("hello"))).ShouldFailWith(ProblemCode.NotFound);
        (await identity.OpenConversationAsync(null)).ShouldFailWith(ProblemCode.NotFound);

        var db = fixture.Database.DataSource;
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM contact_identities WHERE tenant_id = $1", intruder.Id)).ShouldBe(0);
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM contacts WHERE tenant_id = $1", intruder.Id)).ShouldBe(0);
        (await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM messages WHERE tenant_id = $1", intruder.Id)).ShouldBe(0);
    }
}
