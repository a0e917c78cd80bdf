using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>Canned responses: admins write them, agents read them, short codes are unique per tenant, bad input changes nothing.</summary>
public sealed class CannedResponsesTests(LinktorNode node)
{
    private const string Route = "/api/v1/canned_responses";

    [Fact]
    public async Task AnAdminCreatesUpdatesAndDeletesACannedResponseAndAnAgentReadsIt()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();

        var created = (await tenant.AdminApi.PostAsync(Route, new { short_code = "/Greeting", content = "Hello! How can I help?" }))
            .ShouldBe<CannedResponse>(201);
        created.ShortCode.ShouldBe("greeting");
        created.Content.ShouldBe("Hello! How can I help?");
        (await tenant.AdminApi.PostAsync(Route, new { short_code = "bye", content = "Goodbye!" })).ShouldBe(201);

        (await agent.Api.GetAsync($"{Route}/{created.Id}")).ShouldBe<CannedResponse>(200).ShouldBe(created);
        (await agent.Api.GetAsync(Route)).ShouldBe<Page<CannedResponse>>(200).Data.Select(r => r.ShortCode).ShouldBe(["bye", "greeting"]);
        (await agent.Api.GetAsync($"{Route}?q=gree")).ShouldBe<Page<CannedResponse>>(200).Data.Single().Id.ShouldBe(created.Id);
        (await agent.Api.GetAsync($"{Route}?q=help")).ShouldBe<Page<CannedResponse>>(200).Data.Single().Id.ShouldBe(created.Id);

        var updated = (await tenant.AdminApi.PatchAsync($"{Route}/{created.Id}", new { content = "Hi there!" })).ShouldBe<CannedResponse>(200);
        updated.ShortCode.ShouldBe("greeting");
        updated.Content.ShouldBe("Hi there!");
        updated.UpdatedAt.ShouldBeGreaterThan(created.UpdatedAt);

        (await tenant.AdminApi.DeleteAsync($"{Route}/{created.Id}")).ShouldBe(204);
        (await agent.Api.GetAsync($"{Route}/{created.Id}")).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.DeleteAsync($"{Route}/{created.Id}")).ShouldBeProblem(404, "not_found");
    }

    [Fact]
    public async Task AnAgentCannotWriteCannedResponses()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        var reply = (await tenant.AdminApi.PostAsync(Route, new { short_code = "hours", content = "We are open 9–5." })).ShouldBe<CannedResponse>(201);
        var before = await tenant.SnapshotAsync();

        (await agent.Api.PostAsync(Route, new { short_code = "mine", content = "x" })).ShouldBeProblem(403, "forbidden");
        (await agent.Api.PatchAsync($"{Route}/{reply.Id}", new { content = "changed" })).ShouldBeProblem(403, "forbidden");
        (await agent.Api.DeleteAsync($"{Route}/{reply.Id}")).ShouldBeProblem(403, "forbidden");

        (await tenant.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task ShortCodesAreUniquePerTenantButTwoTenantsMayShareOne()
    {
        var a = await TestTenant.CreateAsync(node);
        var b = await TestTenant.CreateAsync(node);
        var first = (await a.AdminApi.PostAsync(Route, new { short_code = "thanks", content = "Thank you!" })).ShouldBe<CannedResponse>(201);
        var other = (await a.AdminApi.PostAsync(Route, new { short_code = "other", content = "Other" })).ShouldBe<CannedResponse>(201);

        (await a.AdminApi.PostAsync(Route, new { short_code = "THANKS", content = "Again" })).ShouldBeProblem(409, "conflict");
        (await a.AdminApi.PatchAsync($"{Route}/{other.Id}", new { short_code = "thanks" })).ShouldBeProblem(409, "conflict");
        (await b.AdminApi.PostAsync(Route, new { short_code = "thanks", content = "B's thanks" })).ShouldBe(201);

        (await a.AdminApi.GetAsync(Route)).ShouldBe<Page<CannedResponse>>(200).Data.Select(r => r.Content).ShouldBe(["Other", "Thank you!"]);
        (await b.AdminApi.GetAsync(Route)).ShouldBe<Page<CannedResponse>>(200).Data.Single().Content.ShouldBe("B's thanks");
        (await b.AdminApi.GetAsync($"{Route}/{first.Id}")).ShouldBeProblem(404, "not_found");
    }

    [Theory]
    [InlineData("{}", "short_code,content")]
    [InlineData("""{"short_code": "has space", "content": "x"}""", "short_code")]
    [InlineData("""{"short_code": "", "content": "x"}""", "short_code")]
    [InlineData("""{"short_code": "ok", "content": "   "}""", "content")]
    [InlineData("""{"short_code": 5, "content": "x"}""", "short_code")]
    [InlineData("""{"short_code": "ok", "content": "x", "colour": "red"}""", "colour")]
    public async Task BadInputIsRefusedAndChangesNothing(string body, string fields)
    {
        var tenant = await TestTenant.CreateAsync(node);
        var reply = (await tenant.AdminApi.PostAsync(Route, new { short_code = "keep", content = "Keep me" })).ShouldBe<CannedResponse>(201);
        var before = await tenant.SnapshotAsync();

        var created = await tenant.AdminApi.SendRawAsync(HttpMethod.Post, Route, body);
        var patched = await tenant.AdminApi.SendRawAsync(HttpMethod.Patch, $"{Route}/{reply.Id}", body == "{}" ? """{"content": ""}""" : body);

        created.ShouldBeProblem(400, "validation_failed").Errors!.Keys.Order().ShouldBe(fields.Split(',').Order());
        patched.ShouldBeProblem(400, "validation_failed");
        (await tenant.SnapshotAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task TooLongContentIsRefused()
    {
        var tenant = await TestTenant.CreateAsync(node);
        (await tenant.AdminApi.PostAsync(Route, new { short_code = "long", content = new string('x', 4097) })).ShouldBeValidationProblem("content");
        (await tenant.AdminApi.PostAsync(Route, new { short_code = new string('a', 65), content = "x" })).ShouldBeValidationProblem("short_code");
    }

    [Fact]
    public async Task TheSameIdempotencyKeyCreatesOneCannedResponse()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var body = new { short_code = "once", content = "Only once" };

        var first = (await tenant.AdminApi.PostAsync(Route, body, idempotencyKey: "canned-1")).ShouldBe<CannedResponse>(201);
        var again = (await tenant.AdminApi.PostAsync(Route, body, idempotencyKey: "canned-1")).ShouldBe<CannedResponse>(201);

        again.Id.ShouldBe(first.Id);
        (await tenant.AdminApi.GetAsync(Route)).ShouldBe<Page<CannedResponse>>(200).Data.Count.ShouldBe(1);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesCannedResponses()
    {
        var document = (await node.AnonymousApi.GetAsync("/openapi/v1.json")).ShouldBe(200).Json;
        var paths = document.GetProperty("paths");
        paths.TryGetProperty("/api/v1/canned_responses", out var list).ShouldBeTrue();
        list.TryGetProperty("get", out _).ShouldBeTrue();
        list.TryGetProperty("post", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/canned_responses/{id}", out var one).ShouldBeTrue();
        one.TryGetProperty("patch", out _).ShouldBeTrue();
        one.TryGetProperty("delete", out _).ShouldBeTrue();
    }
}
