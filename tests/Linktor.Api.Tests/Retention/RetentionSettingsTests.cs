using Linktor.Api.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests.Retention;

/// <summary>A tenant's retention (<c>GET/PATCH /api/v1/tenant</c>): forever by default, set by admins, bad values refused.</summary>
public sealed class RetentionSettingsTests(LinktorNode node)
{
    [Fact]
    public async Task RetentionKeepsForeverByDefaultAndAnAdminSetsEachPeriodOnItsOwn()
    {
        var tenant = await TestTenant.CreateAsync(node);

        var initial = (await tenant.AdminApi.GetAsync("/api/v1/tenant")).ShouldBe(200).Json;
        initial.GetProperty("id").GetGuid().ShouldBe(tenant.Id);
        initial.GetProperty("retention").GetProperty("messages_days").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        initial.GetProperty("retention").GetProperty("media_days").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        (await tenant.AdminApi.PatchAsync("/api/v1/tenant", new { retention = new { messages_days = 30, media_days = 7 } })).ShouldBe(200);
        var cleared = (await tenant.AdminApi.PatchAsync("/api/v1/tenant", new { retention = new { media_days = (int?)null } })).ShouldBe(200).Json;

        cleared.GetProperty("retention").GetProperty("messages_days").GetInt32().ShouldBe(30);
        cleared.GetProperty("retention").GetProperty("media_days").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Theory]
    [InlineData("""{"retention": {"messages_days": 0}}""", "retention.messages_days")]
    [InlineData("""{"retention": {"messages_days": -5}}""", "retention.messages_days")]
    [InlineData("""{"retention": {"media_days": 36501}}""", "retention.media_days")]
    public async Task ADayCountOutOfRangeIsRefusedAndChangesNothing(string body, string field)
    {
        var tenant = await TestTenant.CreateAsync(node);
        (await tenant.AdminApi.PatchAsync("/api/v1/tenant", new { retention = new { messages_days = 10, media_days = 10 } })).ShouldBe(200);

        (await tenant.AdminApi.SendRawAsync(HttpMethod.Patch, "/api/v1/tenant", body)).ShouldBeValidationProblem(field);

        var retention = (await tenant.AdminApi.GetAsync("/api/v1/tenant")).ShouldBe(200).Json.GetProperty("retention");
        (retention.GetProperty("messages_days").GetInt32(), retention.GetProperty("media_days").GetInt32()).ShouldBe((10, 10));
    }

    [Fact]
    public async Task ANonNumberIsRefusedAsAProblem()
    {
        var tenant = await TestTenant.CreateAsync(node);

        (await tenant.AdminApi.SendRawAsync(HttpMethod.Patch, "/api/v1/tenant", """{"retention": {"messages_days": "thirty"}}"""))
            .ShouldBeProblem(400, "validation_failed");
    }

    [Fact]
    public async Task AnAgentReadsTheSettingsButCannotChangeThem()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();

        (await agent.Api.GetAsync("/api/v1/tenant")).ShouldBe(200);
        (await agent.Api.PatchAsync("/api/v1/tenant", new { retention = new { messages_days = 1 } })).ShouldBeProblem(403, "forbidden");

        (await tenant.AdminApi.GetAsync("/api/v1/tenant")).ShouldBe(200).Json.GetProperty("retention").GetProperty("messages_days")
            .ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }
}
