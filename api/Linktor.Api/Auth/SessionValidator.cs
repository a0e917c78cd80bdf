using System.Security.Claims;
using Linktor.Storage.Tenants;
using Microsoft.Extensions.Caching.Memory;

namespace Linktor.Api.Auth;

/// <summary>
/// An access token is only as good as its session: a logout, a disabled or deleted user ends it
/// (within <see cref="CacheFor"/> on other nodes, at once on this one). The role is read fresh too.
/// </summary>
public sealed class SessionValidator(TenantQueries tenants, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public static string CacheKey(Guid sessionId) => $"session:{sessionId:N}";

    public async Task<string?> CurrentRoleAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        if (!Guid.TryParse(principal.FindFirstValue(LinktorClaims.Session), out var sessionId)
            || !Guid.TryParse(principal.FindFirstValue(LinktorClaims.Tenant), out var tenantId)
            || !Guid.TryParse(principal.FindFirstValue(LinktorClaims.Subject), out var userId))
        {
            return null;
        }

        var key = CacheKey(sessionId);
        if (!cache.TryGetValue(key, out SessionState? state))
        {
            state = await tenants.GetSessionStateAsync(tenantId, sessionId, userId, ct);
            cache.Set(key, state, CacheFor);
        }

        return state is { Active: true } ? state.Role.ToString().ToLowerInvariant() : null;
    }
}
