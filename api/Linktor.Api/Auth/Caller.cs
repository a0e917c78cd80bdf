using System.Security.Claims;
using Linktor.Contracts.Common;

namespace Linktor.Api.Auth;

/// <summary>Who is calling, within which tenant: read from the authenticated principal.</summary>
public sealed record Caller(Guid TenantId, Guid PrincipalId, bool IsAgent, bool IsAdmin)
{
    public Actor Actor => new(IsAgent ? ActorType.Agent : ActorType.Api, PrincipalId);

    public static Caller From(ClaimsPrincipal user) => new(
        Guid.Parse(user.FindFirstValue(LinktorClaims.Tenant)!),
        Guid.Parse(user.FindFirstValue(LinktorClaims.Subject)!),
        user.FindFirstValue(LinktorClaims.Kind) == LinktorClaims.AgentKind,
        user.FindFirstValue(LinktorClaims.Role) == "admin");

    /// <summary>
    /// Lets an endpoint take the caller as a parameter (alone or in an area's <c>[AsParameters]</c> services record):
    /// the endpoints that do require an authenticated tenant principal, so the claims are there.
    /// </summary>
    public static ValueTask<Caller?> BindAsync(HttpContext http) => ValueTask.FromResult<Caller?>(From(http.User));
}
