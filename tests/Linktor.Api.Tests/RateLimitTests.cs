using System.Globalization;
using Linktor.Api.Tests.Infrastructure;
using Linktor.Api.Tests.Wire;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>API.md: a 429 carries Retry-After. Logins, web-chat sessions and visitors' uploads are limited per client address.</summary>
public sealed class RateLimitTests(RateLimitedNode node) : IClassFixture<RateLimitedNode>
{
    /// <summary>One test: the node's windows are shared, so the counts below hold only if nothing else spends them.</summary>
    [Fact]
    public async Task LoginsWebChatSessionsAndVisitorUploadsBeyondTheLimitAre429WithRetryAfterAndCreateNothing()
    {
        var tenant = await TestTenant.CreateAsync(node);
        var channel = await tenant.WebChatAsync();

        var visitors = new List<WebChatSession>();
        for (var i = 0; i < RateLimitedNode.Limit; i++)
        {
            visitors.Add((await node.AnonymousApi.PostAsync($"/api/v1/webchat/{channel.Id}/sessions", new { })).ShouldBe<WebChatSession>(201));
        }

        var session = await node.AnonymousApi.PostAsync($"/api/v1/webchat/{channel.Id}/sessions", new { });
        ShouldBeLimited(session);
        (await tenant.CountRowsAsync()).Contacts.ShouldBe(RateLimitedNode.Limit);

        // Visitors' uploads: counted per address too, whichever visitor sends them.
        var visitor = new ApiClient(node.CreateHttpClient(visitors[0].VisitorToken));
        for (var i = 0; i < RateLimitedNode.Limit; i++)
        {
            (await UploadAsync(visitor, channel.Id)).ShouldBe(201);
        }

        ShouldBeLimited(await UploadAsync(new ApiClient(node.CreateHttpClient(visitors[1].VisitorToken)), channel.Id));

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

    private static Task<ApiResponse> UploadAsync(ApiClient visitor, Guid channelId) =>
        visitor.SendAsync(HttpMethod.Post, $"/api/v1/webchat/{channelId}/media", new MultipartFormDataContent { { new ByteArrayContent([1, 2, 3]), "file", "note.txt" } });

    private static void ShouldBeLimited(ApiResponse response)
    {
        response.ShouldBeProblem(429, "rate_limited");
        response.Headers.ContainsKey("Retry-After").ShouldBeTrue(response.ToString());
        int.Parse(response.Headers["Retry-After"], CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
    }
}
