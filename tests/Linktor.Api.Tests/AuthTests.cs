using Linktor.Api.Auth;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Linktor.Testing;
using Npgsql;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>Agents' sessions (login, rotating refresh tokens, logout) and systems' API keys.</summary>
public sealed class AuthTests(LinktorNode node)
{
    /// <summary>A session ended elsewhere than by logout on this node is noticed within the session cache's lifetime.</summary>
    private static readonly TimeSpan SessionCache = SessionValidator.CacheFor + TimeSpan.FromSeconds(5);

    [Fact]
    public async Task LoginAnswersAnAccessTokenThatWorksAndARefreshToken()
    {
        var tenant = await TestTenant.CreateAsync(node);

        var response = await node.AnonymousApi.PostAsync("/api/v1/auth/login", new { email = tenant.Admin.Email.ToUpperInvariant(), password = TestTenant.Password });

        var tokens = response.ShouldBe<Tokens>(200);
        tokens.AccessToken.ShouldNotBeNullOrWhiteSpace();
        tokens.RefreshToken.ShouldNotBeNullOrWhiteSpace();
        tokens.ExpiresIn.ShouldBeGreaterThan(0);
        tokens.User.Id.ShouldBe(tenant.Admin.Id);
        var me = (await Api(tokens.AccessToken).GetAsync("/api/v1/me")).ShouldBe<User>(200);
        me.ShouldBe(tenant.Admin);
    }

    [Fact]
    public async Task RefreshRotatesTheTokensAndReusingASpentRefreshTokenEndsTheSession()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var first = await node.LoginAsync(tenant.Admin.Email, TestTenant.Password);

        var second = (await node.AnonymousApi.PostAsync("/api/v1/auth/refresh", new { refresh_token = first.RefreshToken })).ShouldBe<Tokens>(200);

        second.RefreshToken.ShouldNotBe(first.RefreshToken);
        (await Api(second.AccessToken).GetAsync("/api/v1/me")).ShouldBe(200);

        // The spent token again: a replay. It is refused, and the whole session (the rotated tokens too) ends.
        (await node.AnonymousApi.PostAsync("/api/v1/auth/refresh", new { refresh_token = first.RefreshToken })).ShouldBeProblem(401, "unauthorized");
        (await node.AnonymousApi.PostAsync("/api/v1/auth/refresh", new { refresh_token = second.RefreshToken })).ShouldBeProblem(401, "unauthorized");
        await Eventually.TrueAsync(async () => (await Api(second.AccessToken).GetAsync("/api/v1/me")).Status == 401,
            SessionCache, "the ended session's access token stops working", TestContext.Current.CancellationToken);
        (await Api(first.AccessToken).GetAsync("/api/v1/me")).ShouldBeProblem(401, "unauthorized");
        // Other sessions of the same user are not affected.
        (await tenant.AdminApi.GetAsync("/api/v1/me")).ShouldBe(200);
    }

    [Fact]
    public async Task ARefreshTokenThatIsNotOneIsRefused()
    {
        (await node.AnonymousApi.PostAsync("/api/v1/auth/refresh", new { refresh_token = "made-up" })).ShouldBeProblem(401, "unauthorized");
        (await node.AnonymousApi.PostAsync("/api/v1/auth/refresh", new { })).ShouldBeValidationProblem("refresh_token");
    }

    [Fact]
    public async Task LogoutEndsTheSessionAtOnceButNotTheUsersOtherSessions()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var session = await node.LoginAsync(tenant.Admin.Email, TestTenant.Password);
        var api = Api(session.AccessToken);
        (await api.GetAsync("/api/v1/me")).ShouldBe(200);

        (await api.PostAsync("/api/v1/auth/logout")).ShouldBe(204);

        (await api.GetAsync("/api/v1/me")).ShouldBeProblem(401, "unauthorized");
        (await node.AnonymousApi.PostAsync("/api/v1/auth/refresh", new { refresh_token = session.RefreshToken })).ShouldBeProblem(401, "unauthorized");
        (await tenant.AdminApi.GetAsync("/api/v1/me")).ShouldBe(200);
        await Should.ThrowAsync<HttpRequestException>(() => HubClient.ConnectAsync(node.BaseAddress, "/hubs/inbox", session.AccessToken));
    }

    [Fact]
    public async Task AnApiKeyIsShownOnceStoredHashedWorksWithinItsScopeAndIsDeadOnceDeleted()
    {
        var tenant = await TestTenant.CreateAsync(node);

        var agentKey = (await tenant.AdminApi.PostAsync("/api/v1/api_keys", new { name = "CRM sync", scopes = new[] { "agent" } })).ShouldBe<ApiKey>(201);
        var adminKey = (await tenant.AdminApi.PostAsync("/api/v1/api_keys", new { name = "Provisioning", scopes = new[] { "admin" } })).ShouldBe<ApiKey>(201);

        agentKey.Key.ShouldNotBeNull().ShouldStartWith("lk_");
        agentKey.Scopes.ShouldBe(["agent"]);
        var listed = (await tenant.AdminApi.GetAsync("/api/v1/api_keys")).ShouldBe<Page<ApiKey>>(200);
        listed.Data.Select(k => k.Id).ShouldBe([agentKey.Id, adminKey.Id], ignoreOrder: true);
        var raw = await tenant.AdminApi.GetAsync("/api/v1/api_keys");
        raw.Json.GetProperty("data").EnumerateArray().Count(k => k.TryGetProperty("key", out _)).ShouldBe(0, "a listed key has no secret");
        raw.Body.ShouldNotContain(agentKey.Key);
        (await SecretStoredAnywhereAsync(tenant.Id, agentKey.Key)).ShouldBeFalse("keys are stored hashed");

        var asAgent = Api(agentKey.Key);
        var asAdmin = Api(adminKey.Key.ShouldNotBeNull());
        (await asAgent.GetAsync("/api/v1/conversations")).ShouldBe(200);
        (await asAgent.PostAsync("/api/v1/contacts", new { name = "From the CRM" })).ShouldBe(201);
        (await asAgent.PostAsync("/api/v1/channels", new { type = "webchat", name = "Nope" })).ShouldBeProblem(403, "forbidden");
        (await asAdmin.PostAsync("/api/v1/channels", new { type = "webchat", name = "Yes" })).ShouldBe(201);
        var me = (await asAgent.GetAsync("/api/v1/me")).ShouldBe(200).Json;
        me.GetProperty("id").GetGuid().ShouldBe(agentKey.Id);

        (await tenant.AdminApi.DeleteAsync($"/api/v1/api_keys/{agentKey.Id}")).ShouldBe(204);

        (await asAgent.GetAsync("/api/v1/conversations")).ShouldBeProblem(401, "unauthorized");
        (await tenant.AdminApi.DeleteAsync($"/api/v1/api_keys/{agentKey.Id}")).ShouldBeProblem(404, "not_found");
        (await tenant.AdminApi.GetAsync("/api/v1/api_keys")).ShouldBe<Page<ApiKey>>(200).Data.Select(k => k.Id).ShouldBe([adminKey.Id]);
        (await asAdmin.GetAsync("/api/v1/conversations")).ShouldBe(200);
    }

    [Fact]
    public async Task AnApiKeyWithAnUnknownScopeIsRefused()
    {
        var tenant = await TestTenant.CreateAsync(node);

        (await tenant.AdminApi.PostAsync("/api/v1/api_keys", new { name = "Root", scopes = new[] { "root" } })).ShouldBeValidationProblem("scopes");
        (await tenant.AdminApi.PostAsync("/api/v1/api_keys", new { scopes = new[] { "agent" } })).ShouldBeValidationProblem("name");
        (await tenant.CountRowsAsync()).ApiKeys.ShouldBe(0);
    }

    [Fact]
    public async Task ThePlatformKeyCreatesAndListsTenantsAndASlugIsTakenOnce()
    {
        var tenant = await TestTenant.CreateAsync(node);

        var again = await node.PlatformApi.PostAsync("/api/v1/tenants",
            new { name = "Copy", slug = tenant.Tenant.Slug, admin_email = "copy@example.com", admin_password = TestTenant.Password });
        var badSlug = await node.PlatformApi.PostAsync("/api/v1/tenants",
            new { name = "Bad", slug = "Not A Slug", admin_email = "bad@example.com", admin_password = TestTenant.Password });

        again.ShouldBeProblem(409, "conflict");
        badSlug.ShouldBeValidationProblem("slug");
        var tenants = new List<Tenant>();
        string? cursor = null;
        do
        {
            var page = (await node.PlatformApi.GetAsync($"/api/v1/tenants?limit=200{(cursor is null ? "" : $"&cursor={cursor}")}")).ShouldBe<Page<Tenant>>(200);
            tenants.AddRange(page.Data);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        tenants.ShouldContain(tenant.Tenant);
    }

    private ApiClient Api(string bearer) => new(node.CreateHttpClient(bearer));

    private async Task<bool> SecretStoredAnywhereAsync(Guid tenantId, string secret)
    {
        await using var cmd = node.Database.DataSource.CreateCommand(
            "SELECT count(*) FROM api_keys t WHERE tenant_id = $1 AND (to_jsonb(t)::text LIKE '%' || $2 || '%' OR encode(key_hash, 'escape') LIKE '%' || $2 || '%')");
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = secret });
        return (long)(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0;
    }
}
