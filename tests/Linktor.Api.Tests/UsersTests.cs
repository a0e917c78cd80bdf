using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>Users of a tenant and the role rules: admins manage users, agents only themselves; the last admin stays.</summary>
public sealed class UsersTests(LinktorNode node)
{
    [Fact]
    public async Task AnAdminCreatesReadsUpdatesAndDeletesAUser()
    {
        var tenant = await TestTenant.CreateAsync(node);

        var created = (await tenant.AdminApi.PostAsync("/api/v1/users",
            new { email = "Bob@Example.COM", name = "Bob", role = "agent", password = TestTenant.Password })).ShouldBe<User>(201);

        created.Email.ShouldBe("bob@example.com");
        created.Role.ShouldBe("agent");
        created.Status.ShouldBe("active");
        (await tenant.AdminApi.GetAsync($"/api/v1/users/{created.Id}")).ShouldBe<User>(200).ShouldBe(created);
        (await tenant.AdminApi.GetAsync("/api/v1/users")).ShouldBe<Page<User>>(200).Data.Select(u => u.Id).ShouldBe([tenant.Admin.Id, created.Id], ignoreOrder: true);
        var renamed = (await tenant.AdminApi.PatchAsync($"/api/v1/users/{created.Id}", new { name = "Robert", role = "admin" })).ShouldBe<User>(200);
        renamed.Name.ShouldBe("Robert");
        renamed.Role.ShouldBe("admin");
        (await tenant.AdminApi.PostAsync("/api/v1/users", new { email = "bob@example.com", name = "Bob 2", role = "agent", password = TestTenant.Password }))
            .ShouldBeProblem(409, "conflict");

        (await tenant.AdminApi.DeleteAsync($"/api/v1/users/{created.Id}")).ShouldBe(204);

        (await tenant.AdminApi.GetAsync($"/api/v1/users/{created.Id}")).ShouldBeProblem(404, "not_found");
        (await node.AnonymousApi.PostAsync("/api/v1/auth/login", new { email = "bob@example.com", password = TestTenant.Password })).ShouldBeProblem(401, "unauthorized");
    }

    [Fact]
    public async Task AnAgentReadsUsersAndChangesOnlyTheirOwnNameAndPassword()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var agent = await tenant.CreateUserAsync();
        var other = await tenant.CreateUserAsync();

        (await agent.Api.GetAsync("/api/v1/users")).ShouldBe<Page<User>>(200).Data.Count.ShouldBe(3);
        (await agent.Api.GetAsync($"/api/v1/users/{other.User.Id}")).ShouldBe(200);
        (await agent.Api.PostAsync("/api/v1/users", new { email = "new@example.com", name = "New", role = "agent", password = TestTenant.Password }))
            .ShouldBeProblem(403, "forbidden");
        (await agent.Api.PatchAsync($"/api/v1/users/{other.User.Id}", new { name = "Renamed" })).ShouldBeProblem(403, "forbidden");
        (await agent.Api.PatchAsync($"/api/v1/users/{agent.User.Id}", new { role = "admin" })).ShouldBeProblem(403, "forbidden");
        (await agent.Api.DeleteAsync($"/api/v1/users/{other.User.Id}")).ShouldBeProblem(403, "forbidden");

        (await agent.Api.PatchAsync($"/api/v1/users/{agent.User.Id}", new { name = "Me, renamed", password = "a new password", current_password = TestTenant.Password })).ShouldBe<User>(200)
            .Name.ShouldBe("Me, renamed");
        await node.LoginAsync(agent.User.Email, "a new password");
        (await tenant.AdminApi.GetAsync($"/api/v1/users/{other.User.Id}")).ShouldBe<User>(200).Name.ShouldBe(other.User.Name);
    }

    [Fact]
    public async Task TheLastActiveAdminCanBeNeitherDeletedNorDemotedNorDisabled()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var admin = tenant.Admin.Id;

        (await tenant.AdminApi.DeleteAsync($"/api/v1/users/{admin}")).ShouldBeProblem(409, "conflict");
        (await tenant.AdminApi.PatchAsync($"/api/v1/users/{admin}", new { role = "agent" })).ShouldBeProblem(409, "conflict");
        (await tenant.AdminApi.PatchAsync($"/api/v1/users/{admin}", new { status = "disabled" })).ShouldBeProblem(409, "conflict");
        (await tenant.AdminApi.GetAsync($"/api/v1/users/{admin}")).ShouldBe<User>(200).ShouldBe(tenant.Admin);

        // With a second admin the first may go.
        var second = await tenant.CreateUserAsync("admin");
        (await second.Api.DeleteAsync($"/api/v1/users/{admin}")).ShouldBe(204);
        (await second.Api.DeleteAsync($"/api/v1/users/{second.User.Id}")).ShouldBeProblem(409, "conflict");
    }

    [Fact]
    public async Task ADisabledDemotedOrDeletedUserLosesWhatTheirTokenAllowedAtOnce()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var admin2 = await tenant.CreateUserAsync("admin");
        var disabled = await tenant.CreateUserAsync();
        var deleted = await tenant.CreateUserAsync();
        // Each token was just checked, so its session state sits in the node's cache.
        (await admin2.Api.GetAsync("/api/v1/api_keys")).ShouldBe(200);
        (await disabled.Api.GetAsync("/api/v1/me")).ShouldBe(200);
        (await deleted.Api.GetAsync("/api/v1/me")).ShouldBe(200);

        (await tenant.AdminApi.PatchAsync($"/api/v1/users/{admin2.User.Id}", new { role = "agent" })).ShouldBe<User>(200).Role.ShouldBe("agent");
        (await tenant.AdminApi.PatchAsync($"/api/v1/users/{disabled.User.Id}", new { status = "disabled" })).ShouldBe<User>(200).Status.ShouldBe("disabled");
        (await tenant.AdminApi.DeleteAsync($"/api/v1/users/{deleted.User.Id}")).ShouldBe(204);

        (await admin2.Api.GetAsync("/api/v1/api_keys")).ShouldBeProblem(403, "forbidden");
        (await admin2.Api.GetAsync("/api/v1/me")).ShouldBe<User>(200).Role.ShouldBe("agent");
        (await disabled.Api.GetAsync("/api/v1/me")).ShouldBeProblem(401, "unauthorized");
        (await deleted.Api.GetAsync("/api/v1/me")).ShouldBeProblem(401, "unauthorized");
        (await node.AnonymousApi.PostAsync("/api/v1/auth/login", new { email = disabled.User.Email, password = TestTenant.Password }))
            .ShouldBeProblem(401, "unauthorized");
        (await node.AnonymousApi.PostAsync("/api/v1/auth/refresh", new { refresh_token = disabled.Tokens.RefreshToken }))
            .ShouldBeProblem(401, "unauthorized");
    }
}
