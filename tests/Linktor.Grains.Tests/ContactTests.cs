using Linktor.Contracts.Common;
using Linktor.Contracts.Contacts;
using Linktor.Grains.Tests.Infrastructure;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Grains.Tests;

/// <summary>Contacts own their channel identities through the identity grains: one contact per identity, released on delete.</summary>
public sealed class ContactTests(ClusterFixture fixture)
{
    [Fact]
    public async Task CreatingAContactWithIdentitiesClaimsThem()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var (first, second) = (TestTenant.NewVisitor(), TestTenant.NewVisitor());
        var contactId = Guid.CreateVersion7();

        var contact = (await tenant.Contact(contactId).CreateAsync(new ContactDraft
        {
            Name = "Grace",
            Identities = [tenant.IdentityOf(first), tenant.IdentityOf(second)],
        })).ShouldSucceed();

        contact.Identities.Count.ShouldBe(2);
        (await tenant.Identity(first).GetContactIdAsync()).ShouldBe(contactId);
        (await tenant.Identity(second).GetContactIdAsync()).ShouldBe(contactId);
        (await BoundContactsAsync(tenant)).ShouldBe(new Dictionary<string, Guid> { [first] = contactId, [second] = contactId }, ignoreOrder: true);
        var received = (await tenant.ReceiveAsync(second, "it's me")).Message!;
        received.Sender.Id.ShouldBe(contactId, "a message from a claimed identity belongs to its contact");
        (await tenant.Conversation(received.ConversationId).GetAsync()).ShouldSucceed().Contact.Name.ShouldBe("Grace");
        (await Sql.ScalarAsync<long>(fixture.Database.DataSource, "SELECT count(*) FROM contacts WHERE tenant_id = $1", tenant.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task ASecondContactClaimingATakenIdentityGetsAConflictAndKeepsNothing()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var (taken, free) = (TestTenant.NewVisitor(), TestTenant.NewVisitor());
        var ownerId = Guid.CreateVersion7();
        (await tenant.Contact(ownerId).CreateAsync(new ContactDraft { Identities = [tenant.IdentityOf(taken)] })).ShouldSucceed();
        var latecomerId = Guid.CreateVersion7();

        var problem = (await tenant.Contact(latecomerId).CreateAsync(new ContactDraft
        {
            Name = "Latecomer",
            Identities = [tenant.IdentityOf(free), tenant.IdentityOf(taken)],
        })).ShouldFailWith(ProblemCode.Conflict);

        problem.Errors.ShouldNotBeNull().Keys.ShouldContain("identities");
        (await tenant.Identity(taken).GetContactIdAsync()).ShouldBe(ownerId);
        (await tenant.Identity(free).GetContactIdAsync()).ShouldBeNull("a refused create gives back what it had claimed");
        (await BoundContactsAsync(tenant)).ShouldBe(new Dictionary<string, Guid> { [taken] = ownerId });
        (await tenant.Contact(latecomerId).GetAsync()).ShouldFailWith(ProblemCode.NotFound);
        (await Sql.ScalarAsync<long>(fixture.Database.DataSource, "SELECT count(*) FROM contacts WHERE tenant_id = $1 AND id = $2", tenant.Id, latecomerId))
            .ShouldBe(0);
    }

    [Fact]
    public async Task DeletingAContactReleasesItsIdentities()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var visitor = TestTenant.NewVisitor();
        var firstId = Guid.CreateVersion7();
        (await tenant.Contact(firstId).CreateAsync(new ContactDraft { Identities = [tenant.IdentityOf(visitor)] })).ShouldSucceed();

        (await tenant.Contact(firstId).DeleteAsync()).ShouldSucceed().ShouldBeTrue();

        (await tenant.Contact(firstId).GetAsync()).ShouldFailWith(ProblemCode.NotFound);
        (await tenant.Identity(visitor).GetContactIdAsync()).ShouldBeNull();
        (await BoundContactsAsync(tenant)).ShouldBeEmpty();
        (await Sql.ScalarAsync<DateTime?>(fixture.Database.DataSource,
            "SELECT deleted_at FROM contacts WHERE tenant_id = $1 AND id = $2", tenant.Id, firstId)).ShouldNotBeNull();
        var secondId = Guid.CreateVersion7();
        (await tenant.Contact(secondId).CreateAsync(new ContactDraft { Identities = [tenant.IdentityOf(visitor)] })).ShouldSucceed();
        (await tenant.Identity(visitor).GetContactIdAsync()).ShouldBe(secondId);
    }

    [Fact]
    public async Task ChangingIdentitiesClaimsTheNewAndReleasesTheRemoved()
    {
        var tenant = await TestTenant.CreateAsync(fixture.Client);
        var (kept, dropped, added) = (TestTenant.NewVisitor(), TestTenant.NewVisitor(), TestTenant.NewVisitor());
        var contactId = Guid.CreateVersion7();
        (await tenant.Contact(contactId).CreateAsync(new ContactDraft { Identities = [tenant.IdentityOf(kept), tenant.IdentityOf(dropped)] }))
            .ShouldSucceed();

        var updated = (await tenant.Contact(contactId).UpdateAsync(new ContactPatch { Identities = [tenant.IdentityOf(kept), tenant.IdentityOf(added)] }))
            .ShouldSucceed();

        updated.Identities.Select(i => i.ExternalId).ShouldBe([kept, added], ignoreOrder: true);
        (await BoundContactsAsync(tenant)).ShouldBe(new Dictionary<string, Guid> { [kept] = contactId, [added] = contactId }, ignoreOrder: true);
        (await tenant.Identity(dropped).GetContactIdAsync()).ShouldBeNull();
    }

    private async Task<Dictionary<string, Guid>> BoundContactsAsync(TestTenant tenant) =>
        (await Sql.RowsAsync(fixture.Database.DataSource,
            "SELECT external_id, contact_id FROM contact_identities WHERE tenant_id = $1", tenant.Id))
        .ToDictionary(r => (string)r[0]!, r => (Guid)r[1]!);
}
