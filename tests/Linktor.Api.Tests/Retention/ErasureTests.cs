using System.Text.Json;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Retention;

/// <summary>
/// <c>DELETE /api/v1/contacts/{id}?erase=true</c> leaves no row or file of the contact anywhere and records that it
/// happened; <c>GET /api/v1/contacts/{id}/export</c> holds everything; both are for admins of the contact's tenant only.
/// </summary>
public sealed class ErasureTests(LinktorNode node)
{
    [Fact]
    public async Task AnErasedContactLeavesNoRowOrFileAnywhereAndTheErasureIsRecorded()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var erased = await ContactWithHistoryAsync(tenant, "Erin Erasable", "order 55501 is late");
        var other = await ContactWithHistoryAsync(tenant, "Kim Kept", "keep me please");
        var db = node.Database.DataSource;
        // A webhook delivery of a contact event (it names no conversation): its body carries the contact.
        var webhookId = Guid.NewGuid();
        await Sql.ExecuteAsync(db, """
            INSERT INTO webhooks (id, tenant_id, url, events, status, secret, created_at, updated_at)
            VALUES ($1, $2, 'https://hooks.example.com/in', '{contact.updated}', 'active', 'x', now(), now())
            """, webhookId, tenant.Id);
        await Sql.ExecuteAsync(db, """
            INSERT INTO webhook_deliveries (id, tenant_id, webhook_id, event_id, event, payload, status, created_at)
            VALUES ($1, $2, $3, $4, 'contact.updated', $5, 'failed', now())
            """, Guid.NewGuid(), tenant.Id, webhookId, Guid.NewGuid(), JsonSerializer.Serialize(new { data = new { id = erased.ContactId, name = "Erin Erasable" } }));
        var ids = erased.Messages.Append(erased.ContactId).Append(erased.ConversationId).ToArray();
        string[] texts = [erased.VisitorId, "Erin Erasable", "55501", erased.UploadId];
        (await HeldData.FindAsync(db, ids, texts, "erasures")).ShouldNotBeEmpty("the search finds the contact before the erasure");

        (await tenant.AdminApi.DeleteAsync($"/api/v1/contacts/{erased.ContactId}?erase=true")).ShouldBe(204);

        (await HeldData.FindAsync(db, ids, texts, "erasures")).ShouldBeEmpty();
        HeldData.FindFiles(node.MediaPath, [erased.UploadId, .. erased.Messages.Select(m => m.ToString("N"))]).ShouldBeEmpty();
        (await tenant.AdminApi.GetAsync($"/api/v1/contacts/{erased.ContactId}")).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{erased.ConversationId}")).ShouldBeProblem(404, "not_found");
        var record = (await Sql.RowsAsync(db,
            "SELECT erased_by, conversations, messages, identities FROM erasures WHERE tenant_id = $1 AND contact_id = $2", tenant.Id, erased.ContactId)).Single();
        record.ShouldBe([tenant.Admin.Id, 1, erased.Messages.Length, 1]);
        // The other contact keeps everything.
        (await tenant.AdminApi.GetAsync($"/api/v1/contacts/{other.ContactId}")).ShouldBe(200);
        (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{other.ConversationId}/messages?after_seq=0")).ShouldBe<Page<Message>>(200)
            .Data.Count.ShouldBe(other.Messages.Length);
        (await node.Anonymous.GetAsync(other.UploadUrl, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheExportHoldsTheProfileIdentitiesEveryMessageWithItsHistoryAndTheAttachments()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var contact = await ContactWithHistoryAsync(tenant, "Ed Exported", "export this");

        var export = (await tenant.AdminApi.GetAsync($"/api/v1/contacts/{contact.ContactId}/export")).ShouldBe(200);

        export.MediaType.ShouldBe("application/json");
        var json = export.Json;
        json.GetProperty("contact").GetProperty("name").GetString().ShouldBe("Ed Exported");
        json.GetProperty("identities").EnumerateArray().Single().GetProperty("external_id").GetString().ShouldBe(contact.VisitorId);
        var conversation = json.GetProperty("conversations").EnumerateArray().Single();
        conversation.GetProperty("conversation").GetProperty("id").GetGuid().ShouldBe(contact.ConversationId);
        var messages = conversation.GetProperty("messages").EnumerateArray().ToList();
        messages.Select(m => m.GetProperty("id").GetGuid()).ShouldBe(contact.Messages);
        messages.ShouldAllBe(m => m.GetProperty("status_history").ValueKind == JsonValueKind.Array);
        json.GetProperty("media").EnumerateArray().Select(m => m.GetProperty("url").GetString()).ShouldContain(contact.UploadUrl);
    }

    [Fact]
    public async Task AnotherTenantsContactIdIsNotFoundAndNothingChanges()
    {
        var owner = await TestTenant.CreateAsync(node);
        var contact = await ContactWithHistoryAsync(owner, "Olga Owned", "mine");
        var stranger = await TestTenant.CreateAsync(node);
        var before = await owner.SnapshotAsync();

        (await stranger.AdminApi.DeleteAsync($"/api/v1/contacts/{contact.ContactId}?erase=true")).ShouldBeProblem(404, "not_found");
        (await stranger.AdminApi.GetAsync($"/api/v1/contacts/{contact.ContactId}/export")).ShouldBeProblem(404, "not_found");

        (await owner.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task AnAgentCanNeitherEraseNorExport()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var contact = await ContactWithHistoryAsync(tenant, "Ann Agentproof", "not yours");
        var agent = await tenant.CreateUserAsync();
        var before = await tenant.SnapshotAsync();

        (await agent.Api.DeleteAsync($"/api/v1/contacts/{contact.ContactId}?erase=true")).ShouldBeProblem(403, "forbidden");
        (await agent.Api.GetAsync($"/api/v1/contacts/{contact.ContactId}/export")).ShouldBeProblem(403, "forbidden");

        (await tenant.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task AnEraseThatIsNotABooleanIsRefusedAndADeleteWithoutItKeepsTheConversation()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var contact = await ContactWithHistoryAsync(tenant, "Del Eted", "still here");

        (await tenant.AdminApi.DeleteAsync($"/api/v1/contacts/{contact.ContactId}?erase=perhaps")).ShouldBeProblem(400, "validation_failed");
        (await tenant.AdminApi.DeleteAsync($"/api/v1/contacts/{contact.ContactId}")).ShouldBe(204);

        (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{contact.ConversationId}/messages?after_seq=0")).ShouldBe<Page<Message>>(200)
            .Data.Count.ShouldBe(contact.Messages.Length);
        (await Sql.ScalarAsync<long>(node.Database.DataSource, "SELECT count(*) FROM erasures WHERE tenant_id = $1", tenant.Id)).ShouldBe(0);
    }

    /// <summary>A web-chat visitor who wrote, and the admin's image and text replies.</summary>
    private async Task<HeldContact> ContactWithHistoryAsync(TestTenant tenant, string name, string text)
    {
        var (conversation, session, upload) = await HistoryBuilder.VisitorAndImageAsync(tenant, text, name);
        await tenant.SendTextAsync(conversation.Id, $"Thanks {name}: {text}");
        var messages = (await tenant.AdminApi.GetAsync($"/api/v1/conversations/{conversation.Id}/messages?after_seq=0")).ShouldBe<Page<Message>>(200)
            .Data.Select(m => m.Id).ToArray();
        return new HeldContact(session.ContactId, conversation.Id, session.VisitorId, upload.Id, upload.Url, messages);
    }

    private sealed record HeldContact(Guid ContactId, Guid ConversationId, string VisitorId, string UploadId, string UploadUrl, Guid[] Messages);
}
