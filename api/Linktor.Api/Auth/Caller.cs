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
}
