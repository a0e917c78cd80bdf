using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Webhooks;

/// <summary>Managing outbound-webhook endpoints: admins only, the secret shown once, bad input refused and changing nothing.</summary>
public sealed class WebhooksApiTests(LinktorNode node)
{
    private const string Route = "/api/v1/webhooks";

    [Fact]
    public async Task AnAdminCreatesListsUpdatesAndDeletesAnEndpointAndSeesTheSecretOnlyOnce()
    {
        var tenant = await TestTenant.CreateAsync(node);

        var response = (await tenant.AdminApi.PostAsync(Route, new
        {
            url = "https://crm.example.com/linktor",
            events = new[] { "conversation.updated", "message.created", "message.created" },
        })).ShouldBe(201);
        var created = response.As<Webhook>();
        response.Headers["Location"].ShouldEndWith($"{Route}/{created.Id}");
        created.Secret.ShouldNotBeNull().ShouldStartWith("whsec_");
        created.Secret.Length.ShouldBeGreaterThan(40);
        created.Events.ShouldBe(["message.created", "conversation.updated"], "each event once, in API.md's order");
        created.Status.ShouldBe("active");

        var fetched = await tenant.AdminApi.GetAsync($"{Route}/{created.Id}");
        var shown = fetched.ShouldBe<Webhook>(200);
        shown.ShouldBe(created with { Secret = null, Events = shown.Events });
        shown.Events.ShouldBe(created.Events);
        fetched.Json.TryGetProperty("secret", out _).ShouldBeFalse("the secret is never shown again");
        var listed = await tenant.AdminApi.GetAsync(Route);
        listed.ShouldBe<Page<Webhook>>(200).Data.Single().Id.ShouldBe(created.Id);
        listed.Body.ShouldNotContain(created.Secret);

        var updated = (await tenant.AdminApi.PatchAsync($"{Route}/{created.Id}", new { events = new[] { "contact.created" }, status = "disabled" }))
            .ShouldBe<Webhook>(200);
        updated.Events.ShouldBe(["contact.created"]);
        updated.Status.ShouldBe("disabled");
        updated.Url.ShouldBe(created.Url);
        updated.UpdatedAt.ShouldBeGreaterThan(created.UpdatedAt);
        (await tenant.AdminApi.GetAsync($"{Route}/{created.Id}/deliveries")).ShouldBe<Page<WebhookDelivery>>(200).Data.ShouldBeEmpty();

        (await tenant.AdminApi.DeleteAsync($"{Route}/{created.Id}")).ShouldBe(204);
        (await tenant.AdminApi.GetAsync($"{Route}/{created.Id}")).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.GetAsync($"{Route}/{created.Id}/deliveries")).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.DeleteAsync($"{Route}/{created.Id}")).ShouldBeProblem(404, "not_found");
    }

    [Fact]
    public async Task AChosenSecretIsKeptAndEchoedOnce()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var created = (await tenant.AdminApi.PostAsync(Route, new { url = "https://crm.example.com/own-secret", events = new[] { "message.created" }, secret = "my-own-secret-0123456789" }))
            .ShouldBe<Webhook>(201);
        created.Secret.ShouldBe("my-own-secret-0123456789");
    }

    [Fact]
    public async Task AgentsCannotSeeOrManageEndpoints()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        var agentKey = (await tenant.AdminApi.PostAsync("/api/v1/api_keys", new { name = "agent key", scopes = new[] { "agent" } })).ShouldBe<ApiKey>(201);
        var webhook = (await tenant.AdminApi.PostAsync(Route, new { url = "https://crm.example.com/in", events = new[] { "message.created" } })).ShouldBe<Webhook>(201);
        var before = await tenant.SnapshotAsync();

        foreach (var api in new[] { agent.Api, new ApiClient(node.CreateHttpClient(agentKey.Key)) })
        {
            (await api.GetAsync(Route)).ShouldBeProblem(403, "forbidden");
            (await api.PostAsync(Route, new { url = "https://attacker.example.com/", events = new[] { "message.created" } })).ShouldBeProblem(403, "forbidden");
            (await api.GetAsync($"{Route}/{webhook.Id}")).ShouldBeProblem(403, "forbidden");
            (await api.PatchAsync($"{Route}/{webhook.Id}", new { url = "https://attacker.example.com/" })).ShouldBeProblem(403, "forbidden");
            (await api.DeleteAsync($"{Route}/{webhook.Id}")).ShouldBeProblem(403, "forbidden");
            (await api.GetAsync($"{Route}/{webhook.Id}/deliveries")).ShouldBeProblem(403, "forbidden");
        }

        (await node.AnonymousApi.GetAsync(Route)).ShouldBeProblem(401, "unauthorized");
        (await tenant.SnapshotAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("{}", "events,url")]
    [InlineData("""{"url": "ftp://files.example.com/", "events": ["message.created"]}""", "url")]
    [InlineData("""{"url": "/relative/path", "events": ["message.created"]}""", "url")]
    [InlineData("""{"url": "https://crm.example.com/", "events": []}""", "events")]
    [InlineData("""{"url": "https://crm.example.com/", "events": ["message.deleted"]}""", "events")]
    [InlineData("""{"url": "https://crm.example.com/", "events": "message.created"}""", "events")]
    [InlineData("""{"url": "https://crm.example.com/", "events": ["message.created"], "secret": "short"}""", "secret")]
    [InlineData("""{"url": "https://crm.example.com/", "events": ["message.created"], "secret": "has spaces in the secret"}""", "secret")]
    [InlineData("""{"url": "https://crm.example.com/", "events": ["message.created"], "retries": 3}""", "retries")]
    public async Task BadInputIsRefusedAndChangesNothing(string body, string fields)
    {
        var tenant = await TestTenant.CreateAsync(node);
        var webhook = (await tenant.AdminApi.PostAsync(Route, new { url = "https://crm.example.com/keep", events = new[] { "message.created" } }))
            .ShouldBe<Webhook>(201);
        var before = await tenant.SnapshotAsync();

        var created = await tenant.AdminApi.SendRawAsync(HttpMethod.Post, Route, body);
        var patched = await tenant.AdminApi.SendRawAsync(HttpMethod.Patch, $"{Route}/{webhook.Id}", body == "{}" ? """{"url": ""}""" : body);

        created.ShouldBeProblem(400, "validation_failed").Errors!.Keys.Order().ShouldBe(fields.Split(',').Order());
        patched.ShouldBeProblem(400, "validation_failed");
        (await tenant.AdminApi.PatchAsync($"{Route}/{webhook.Id}", new { status = "paused" })).ShouldBeValidationProblem("status");
        (await tenant.AdminApi.GetAsync($"{Route}/{webhook.Id}/deliveries?status=lost")).ShouldBeValidationProblem("status");
        (await tenant.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task UnknownIdsAnswerNotFound()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var webhook = (await tenant.AdminApi.PostAsync(Route, new { url = "https://crm.example.com/in", events = new[] { "message.created" } })).ShouldBe<Webhook>(201);

        (await tenant.AdminApi.PatchAsync($"{Route}/{Guid.NewGuid()}", new { status = "disabled" })).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.GetAsync($"{Route}/{webhook.Id}/deliveries/{Guid.NewGuid()}")).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.PostAsync($"{Route}/{webhook.Id}/deliveries/{Guid.NewGuid()}/redeliver")).ShouldBeProblem(404, "not_found");
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesWebhooksAndTheirSignature()
    {
        var document = (await node.AnonymousApi.GetAsync("/openapi/v1.json")).ShouldBe(200).Json;
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { Route, $"{Route}/{{id}}", $"{Route}/{{id}}/deliveries", $"{Route}/{{id}}/deliveries/{{deliveryId}}/redeliver" })
        {
            paths.TryGetProperty(path, out _).ShouldBeTrue(path);
        }

        paths.GetProperty(Route).GetProperty("post").GetProperty("description").GetString().ShouldNotBeNull()
            .ShouldContain("Linktor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<raw body>\")>");
    }
}
