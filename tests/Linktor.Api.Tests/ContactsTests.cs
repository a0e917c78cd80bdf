using System.Net.Http.Headers;
using System.Text;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>Contacts: CRUD, identities, <c>q</c> search, paging and CSV import (all rows or none).</summary>
public sealed class ContactsTests(LinktorNode node)
{
    [Fact]
    public async Task AContactIsCreatedReadUpdatedAndDeletedAndAgentsHearOfIt()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        await using var inbox = await tenant.ConnectInboxAsync();

        var created = (await agent.Api.PostAsync("/api/v1/contacts", new
        {
            name = "Carla Contact",
            email = "Carla@Example.COM",
            phone = "+49 30 1234567",
            labels = new[] { "VIP", " vip ", "Reseller" },
            custom_attributes = new { plan = "gold" },
        })).ShouldBe<Contact>(201);

        created.Email.ShouldBe("carla@example.com");
        created.Labels.ShouldBe(["vip", "reseller"], ignoreOrder: true);
        created.CustomAttributes.ShouldBe(new Dictionary<string, string> { ["plan"] = "gold" });
        created.Identities.ShouldBeEmpty();
        await inbox.WaitForAsync<Contact>("contact.created", c => c.Id == created.Id, "agents hear of new contacts");
        (await agent.Api.GetAsync($"/api/v1/contacts/{created.Id}")).ShouldBe<Contact>(200).Name.ShouldBe("Carla Contact");

        var updated = (await agent.Api.PatchAsync($"/api/v1/contacts/{created.Id}", new { name = "Carla C.", email = (string?)null })).ShouldBe<Contact>(200);

        updated.Name.ShouldBe("Carla C.");
        updated.Email.ShouldBeNull();
        updated.Phone.ShouldBe("+49 30 1234567");
        updated.Labels.ShouldBe(created.Labels, ignoreOrder: true);
        await inbox.WaitForAsync<Contact>("contact.updated", c => c.Id == created.Id && c.Name == "Carla C.", "agents hear of contact changes");

        (await agent.Api.DeleteAsync($"/api/v1/contacts/{created.Id}")).ShouldBe(204);

        (await agent.Api.GetAsync($"/api/v1/contacts/{created.Id}")).ShouldBeProblem(404, "not_found");
        (await agent.Api.GetAsync("/api/v1/contacts")).ShouldBe<Page<Contact>>(200).Data.ShouldNotContain(c => c.Id == created.Id);
        (await agent.Api.PatchAsync($"/api/v1/contacts/{created.Id}", new { name = "Back?" })).ShouldBeProblem(404, "not_found");
    }

    [Fact]
    public async Task AnIdentityOnAChannelBelongsToOneContact()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();
        var address = Guid.NewGuid().ToString();

        var first = (await tenant.AdminApi.PostAsync("/api/v1/contacts",
            new { name = "Owner", identities = new[] { new { channel_id = channel.Id, external_id = address } } })).ShouldBe<Contact>(201);
        var second = await tenant.AdminApi.PostAsync("/api/v1/contacts",
            new { name = "Claimant", identities = new[] { new { channel_id = channel.Id, external_id = address } } });

        first.Identities.ShouldBe([new Identity(channel.Id, "webchat", address)]);
        second.ShouldBeProblem(409, "conflict");
        (await tenant.CountRowsAsync()).Contacts.ShouldBe(1);
        // The identity opens a conversation on its channel.
        (await tenant.AdminApi.PostAsync("/api/v1/conversations", new { contact_id = first.Id, channel_id = channel.Id })).ShouldBe(201);
        // A contact without an identity on the channel cannot.
        var bare = (await tenant.AdminApi.PostAsync("/api/v1/contacts", new { name = "Bare" })).ShouldBe<Contact>(201);
        (await tenant.AdminApi.PostAsync("/api/v1/conversations", new { contact_id = bare.Id, channel_id = channel.Id })).ShouldBeValidationProblem("contact_id");
    }

    [Fact]
    public async Task QSearchesNameEmailPhoneAndIdentities()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var zed = (await tenant.AdminApi.PostAsync("/api/v1/contacts", new { name = "Zed Zebra", email = "zed@zoo.example.com", phone = "+1 555 0100" }))
            .ShouldBe<Contact>(201);
        (await tenant.AdminApi.PostAsync("/api/v1/contacts", new { name = "Yan Yak", email = "yan@farm.example.com", phone = "+1 555 0199" })).ShouldBe(201);
        var visitor = await tenant.StartVisitorAsync(name: "Webby Visitor");

        async Task<IEnumerable<Guid>> Search(string q) =>
            (await tenant.AdminApi.GetAsync($"/api/v1/contacts?q={Uri.EscapeDataString(q)}")).ShouldBe<Page<Contact>>(200).Data.Select(c => c.Id);

        (await Search("zebra")).ShouldBe([zed.Id]);
        (await Search("ZOO.example")).ShouldBe([zed.Id]);
        (await Search("555 0100")).ShouldBe([zed.Id]);
        (await Search("555 01")).Count().ShouldBe(2);
        (await Search(visitor.VisitorId)).ShouldBe([visitor.ContactId]);
        (await Search("100%_")).ShouldBeEmpty();
        (await Search("nobody at all")).ShouldBeEmpty();
    }

    [Fact]
    public async Task PagesOfContactsHaveNoDuplicatesAndMissNone()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await tenant.AdminApi.PostAsync("/api/v1/contacts", new { name = $"Paged {i}" })).ShouldBe<Contact>(201).Id);
        }

        var seen = await PagedIdsAsync(tenant.AdminApi, "/api/v1/contacts?limit=3", expectedPages: 3);

        seen.ShouldBe(Enumerable.Reverse(ids), "newest first, each once");
    }

    [Fact]
    public async Task AValidCsvFileImportsEveryRow()
    {
        var tenant = await TestTenant.CreateAsync(node);
        (await tenant.AdminApi.PostAsync("/api/v1/contacts", new { name = "Already here", email = "dup@example.com" })).ShouldBe(201);
        const string Csv = """
            name,email,phone,labels,company
            Ann Archer,ann@example.com,+44 20 7946 0001,lead;uk,Archers Ltd
            "Bo, the Builder",bo@example.com,,,"Bo's ""Best"" Builds"
            ,carl@example.com,+44 20 7946 0003,,
            Dee Duplicate,DUP@example.com,,,
            Eve Early,,+44 20 7946 0005,vip,
            """;

        var result = (await ImportAsync(tenant.AdminApi, Csv)).ShouldBe<ImportResult>(200);

        result.Created.ShouldBe(4);
        result.Skipped.Count.ShouldBe(1);
        result.Skipped[0].GetProperty("line").GetInt32().ShouldBe(5);
        var contacts = (await tenant.AdminApi.GetAsync("/api/v1/contacts?limit=200")).ShouldBe<Page<Contact>>(200).Data;
        contacts.Count.ShouldBe(5);
        var ann = contacts.Single(c => c.Email == "ann@example.com");
        ann.Name.ShouldBe("Ann Archer");
        ann.Labels.ShouldBe(["lead", "uk"], ignoreOrder: true);
        ann.CustomAttributes["company"].ShouldBe("Archers Ltd");
        contacts.Single(c => c.Email == "bo@example.com").Name.ShouldBe("Bo, the Builder");
        contacts.Single(c => c.Email == "bo@example.com").CustomAttributes["company"].ShouldBe("Bo's \"Best\" Builds");
    }

    [Fact]
    public async Task ACsvFileWithOneBadRowImportsNothingAndNamesTheRow()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var before = await tenant.SnapshotAsync();
        const string Csv = """
            name,email
            Good One,good1@example.com
            Bad One,not-an-email
            Good Two,good2@example.com
            ,
            """;

        var response = await ImportAsync(tenant.AdminApi, Csv, multipart: true);

        response.ShouldBeValidationProblem("rows[3].email");
        response.As<Problem>().Errors!.Keys.ShouldNotContain("rows[2].email");
        (await tenant.SnapshotAsync()).ShouldBe(before);
        (await ImportAsync(tenant.AdminApi, "just,some,columns\n1,2,3\n")).ShouldBeValidationProblem("file");
        (await tenant.CountRowsAsync()).Contacts.ShouldBe(0);
    }

    [Fact]
    public async Task ACsvHeaderNamingAColumnTwiceIsRefusedAndImportsNothing()
    {
        var tenant = await TestTenant.CreateAsync(node);

        var response = await ImportAsync(tenant.AdminApi, "name,email,Email\nAda,ada@example.com,other@example.com\n");

        response.ShouldBeValidationProblem("file").Detail.ShouldContain("'email'");
        (await tenant.CountRowsAsync()).Contacts.ShouldBe(0);
    }

    private static async Task<ApiResponse> ImportAsync(ApiClient api, string csv, bool multipart = false)
    {
        HttpContent content;
        if (multipart)
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "file", "contacts.csv");
            content = form;
        }
        else
        {
            content = new StringContent(csv, Encoding.UTF8, new MediaTypeHeaderValue("text/csv"));
        }

        return await api.SendAsync(HttpMethod.Post, "/api/v1/contacts/import", content);
    }

    /// <summary>Follows next_cursor to the end; asserts no id twice and the number of pages.</summary>
    internal static async Task<List<Guid>> PagedIdsAsync(ApiClient api, string first, int expectedPages)
    {
        var ids = new List<Guid>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var separator = first.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var path = cursor is null ? first : $"{first}{separator}cursor={Uri.EscapeDataString(cursor)}";
            var page = (await api.GetAsync(path)).ShouldBe(200).Json;
            pages++;
            ids.AddRange(page.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null && pages < 100);

        ids.ShouldBeUnique();
        pages.ShouldBe(expectedPages);
        return ids;
    }
}
