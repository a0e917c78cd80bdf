using System.Globalization;
using Linktor.Api.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace Linktor.Api.Tests;

/// <summary>
/// Behind a known proxy the per-client limits count the client the proxy names in <c>X-Forwarded-For</c>, not the
/// proxy; from anyone else the header is ignored. Logins and refreshes have limits of their own.
/// </summary>
public sealed class ForwardedHeadersTests(ProxiedNode node) : IClassFixture<ProxiedNode>
{
    [Fact]
    public async Task ThroughTheKnownProxyTwoForwardedClientsAreLimitedSeparately()
    {
        var first = new ApiClient(node.CreateClientFrom(ProxiedNode.ProxyAddress, "203.0.113.10"));
        var second = new ApiClient(node.CreateClientFrom(ProxiedNode.ProxyAddress, "203.0.113.11"));

        for (var i = 0; i < ProxiedNode.Limit; i++)
        {
            (await LoginAsync(first)).ShouldBeProblem(401, "unauthorized");
        }

        ShouldBeLimited(await LoginAsync(first));
        // Another client behind the same proxy: its own window.
        (await LoginAsync(second)).ShouldBeProblem(401, "unauthorized");
        // Refreshing has its own limit: the first client's failed logins do not block it.
        (await RefreshAsync(first)).ShouldBeProblem(401, "unauthorized");
    }

    [Fact]
    public async Task FromASourceThatIsNotAKnownProxyTheForwardedHeaderIsIgnored()
    {
        // Each request claims another client; all come from one address that is not the proxy, and count as it.
        for (var i = 0; i < ProxiedNode.Limit; i++)
        {
            (await LoginAsync(new ApiClient(node.CreateClientFrom(ProxiedNode.StrangerAddress, $"198.51.100.{i + 1}"))))
                .ShouldBeProblem(401, "unauthorized");
        }

        ShouldBeLimited(await LoginAsync(new ApiClient(node.CreateClientFrom(ProxiedNode.StrangerAddress, "198.51.100.99"))));
    }

    [Fact]
    public async Task RefreshesAreLimitedPerForwardedClientWithoutBlockingLogins()
    {
        var client = new ApiClient(node.CreateClientFrom(ProxiedNode.ProxyAddress, "203.0.113.20"));
        for (var i = 0; i < ProxiedNode.Limit; i++)
        {
            (await RefreshAsync(client)).ShouldBeProblem(401, "unauthorized");
        }

        ShouldBeLimited(await RefreshAsync(client));
        (await LoginAsync(client)).ShouldBeProblem(401, "unauthorized");
    }

    // An email no user has: a plain 401, and each is another account (the per-account lock stays out of it).
    private static Task<ApiResponse> LoginAsync(ApiClient client) =>
        client.PostAsync("/api/v1/auth/login", new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = "not a password" });

    private static Task<ApiResponse> RefreshAsync(ApiClient client) =>
        client.PostAsync("/api/v1/auth/refresh", new { refresh_token = "made-up" });

    private static void ShouldBeLimited(ApiResponse response)
    {
        response.ShouldBeProblem(429, "rate_limited");
        int.Parse(response.Headers["Retry-After"], CultureInfo.InvariantCulture).ShouldBeGreaterThan(0, response.ToString());
    }
}
