using System.Security.Claims;
using System.Threading.RateLimiting;
using Linktor.Api.Auth;

namespace Linktor.Api.Infrastructure;

/// <summary>
/// The limits that are not per client address. Per-address policies (login, refresh, web chat) partition on
/// <c>RemoteIpAddress</c>, which <c>UseForwardedHeaders</c> has set to the client's own address behind a known proxy.
/// </summary>
public static class RateLimits
{
    /// <summary>
    /// Authenticated requests per tenant (agents' and API keys' tenant claim), so that one tenant's script cannot
    /// take a node from the others; anonymous requests have their own per-address policies. Counted per node.
    /// </summary>
    public static PartitionedRateLimiter<HttpContext> PerTenant(int perMinute) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            TenantOf(http.User) is { } tenant
                ? RateLimitPartition.GetFixedWindowLimiter(tenant, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));

    private static string? TenantOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && user.FindFirstValue(LinktorClaims.Kind) is LinktorClaims.AgentKind or LinktorClaims.ApiKeyKind
            ? user.FindFirstValue(LinktorClaims.Tenant)
            : null;
}
