using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// API.md: writes accept an <c>Idempotency-Key</c>; the same key within 24 h returns the original result and
/// creates nothing new. (Message sends, which have their own key handling, are covered in MessagingTests.)
/// </summary>
public sealed class IdempotencyTests(LinktorNode node)
{
    [Fact]
    public async Task TheSameKeyTwiceCreatesOneContactAndReplaysTheOriginalAnswer()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var body = new { name = "Ida Idempotent", email = "ida@example.com" };

        var first = await tenant.AdminApi.PostAsync("/api/v1/contacts", body, "contact-1");
        var again = await tenant.AdminApi.PostAsync("/api/v1/contacts", body, "contact-1");

        var created = first.ShouldBe<Contact>(201);
        again.ShouldBe<Contact>(201).Id.ShouldBe(created.Id);
        again.Headers["Location"].ShouldBe(first.Headers["Location"]);
        again.Headers.GetValueOrDefault("Idempotent-Replayed").ShouldBe("true");
        (await tenant.CountRowsAsync()).Contacts.ShouldBe(1);
    }

    [Fact]
    public async Task AKeyReusedForADifferentRequestIsAConflictAndCreatesNothing()
    {
        var tenant = await TestTenant.CreateAsync(node);
        (await tenant.AdminApi.PostAsync("/api/v1/contacts", new { name = "First" }, "reused")).ShouldBe(201);

        var other = await tenant.AdminApi.PostAsync("/api/v1/contacts", new { name = "Second" }, "reused");

        other.ShouldBeProblem(409, "conflict").Errors.ShouldNotBeNull().Keys.ShouldContain("Idempotency-Key");
        (await tenant.CountRowsAsync()).Contacts.ShouldBe(1);
    }

    [Fact]
    public async Task ConcurrentRequestsWithOneKeyCreateOneContact()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var body = new { name = "Racing Rachel" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => tenant.AdminApi.PostAsync("/api/v1/contacts", body, "race")));

        answers.ShouldAllBe(a => a.Status == 201 || a.Status == 409);
        var ids = answers.Where(a => a.Status == 201).Select(a => a.As<Contact>().Id).Distinct().ToList();
        ids.Count.ShouldBe(1);
        answers.Where(a => a.Status == 409).ShouldAllBe(a => a.Headers.ContainsKey("Retry-After"));
        (await tenant.AdminApi.PostAsync("/api/v1/contacts", body, "race")).ShouldBe<Contact>(201).Id.ShouldBe(ids[0]);
        (await tenant.CountRowsAsync()).Contacts.ShouldBe(1);
    }

    [Fact]
    public async Task AKeyWhoseRequestWasRefusedMayBeUsedForTheCorrectedRequest()
    {
        var tenant = await TestTenant.CreateAsync(node);

        (await tenant.AdminApi.PostAsync("/api/v1/contacts", new { name = "Typo", email = "not-an-email" }, "fix-me")).ShouldBeValidationProblem("email");
        var corrected = await tenant.AdminApi.PostAsync("/api/v1/contacts", new { name = "Typo", email = "typo@example.com" }, "fix-me");

        corrected.ShouldBe<Contact>(201).Email.ShouldBe("typo@example.com");
        (await tenant.CountRowsAsync()).Contacts.ShouldBe(1);
    }

    [Fact]
    public async Task KeysBelongToATenantAndNeverReplayAnotherTenantsAnswer()
    {
        var a = await TestTenant.CreateAsync(node);
        var b = await TestTenant.CreateAsync(node);
        var body = new { name = "Same Name" };

        var fromA = (await a.AdminApi.PostAsync("/api/v1/contacts", body, "shared-key")).ShouldBe<Contact>(201);
        var fromB = (await b.AdminApi.PostAsync("/api/v1/contacts", body, "shared-key")).ShouldBe<Contact>(201);

        fromB.Id.ShouldNotBe(fromA.Id);
        (await b.AdminApi.GetAsync($"/api/v1/contacts/{fromB.Id}")).ShouldBe(200);
        (await a.CountRowsAsync()).Contacts.ShouldBe(1);
        (await b.CountRowsAsync()).Contacts.ShouldBe(1);
    }

    [Fact]
    public async Task ChannelsUsersAndConversationsAreCreatedOncePerKey()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channelBody = new { type = "webchat", name = "Once" };
        var userBody = new { email = "once@example.com", name = "Once", role = "agent", password = TestTenant.Password };

        var channel = (await tenant.AdminApi.PostAsync("/api/v1/channels", channelBody, "channel")).ShouldBe<Channel>(201);
        (await tenant.AdminApi.PostAsync("/api/v1/channels", channelBody, "channel")).ShouldBe<Channel>(201).Id.ShouldBe(channel.Id);
        var user = (await tenant.AdminApi.PostAsync("/api/v1/users", userBody, "user")).ShouldBe<User>(201);
        (await tenant.AdminApi.PostAsync("/api/v1/users", userBody, "user")).ShouldBe<User>(201).Id.ShouldBe(user.Id);
        var visitor = await tenant.StartVisitorAsync(channel.Id);
        var conversationBody = new { contact_id = visitor.ContactId, channel_id = channel.Id };
        var conversation = (await tenant.AdminApi.PostAsync("/api/v1/conversations", conversationBody, "conversation")).ShouldBe<Conversation>(201);
        // Without the key a second POST answers 200 (the open conversation); with it, the original 201.
        (await tenant.AdminApi.PostAsync("/api/v1/conversations", conversationBody, "conversation")).ShouldBe<Conversation>(201).Id.ShouldBe(conversation.Id);

        var rows = await tenant.CountRowsAsync();
        (rows.Channels, rows.Users, rows.Conversations).ShouldBe((1L, 2L, 1L));
    }
}
