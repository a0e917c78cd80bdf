using System.Globalization;
using Linktor.Api.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>API.md: a 429 carries Retry-After. Logins and web-chat sessions are limited per client address.</summary>
public sealed class RateLimitTests(RateLimitedNode node) : IClassFixture<RateLimitedNode>
{
    /// <summary>One test: the node's windows are shared, so the counts below hold only if nothing else spends them.</summary>
    [Fact]
    public async Task LoginsAndWebChatSessionsBeyondTheLimitAre429WithRetryAfterAndCreateNothing()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();

        for (var i = 0; i < RateLimitedNode.Limit; i++)
        {
            (await node.AnonymousApi.PostAsync($"/api/v1/webchat/{channel.Id}/sessions", new { })).ShouldBe(201);
        }

        var session = await node.AnonymousApi.PostAsync($"/api/v1/webchat/{channel.Id}/sessions", new { });
        ShouldBeLimited(session);
        (await tenant.CountRowsAsync()).Contacts.ShouldBe(RateLimitedNode.Limit);

        // The tenant's admin signed in once already.
        for (var i = 1; i < RateLimitedNode.Limit; i++)
        {
            (await node.AnonymousApi.PostAsync("/api/v1/auth/login", new { email = tenant.Admin.Email, password = "wrong password" })).ShouldBe(401);
        }

        var login = await node.AnonymousApi.PostAsync("/api/v1/auth/login", new { email = tenant.Admin.Email, password = TestTenant.Password });
        ShouldBeLimited(login);
        // A limit on signing in leaves signed-in sessions alone.
        (await tenant.AdminApi.GetAsync("/api/v1/me")).ShouldBe(200);
    }

    private static void ShouldBeLimited(ApiResponse response)
    {
        response.ShouldBeProblem(429, "rate_limited");
        response.Headers.ContainsKey("Retry-After").ShouldBeTrue(response.ToString());
        int.Parse(response.Headers["Retry-After"], CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }
}
