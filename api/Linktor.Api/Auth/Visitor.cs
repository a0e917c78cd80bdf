using System.Security.Claims;

namespace Linktor.Api.Auth;

/// <summary>A web-chat visitor, read from their visitor token: good for one channel of one tenant, as one contact.</summary>
public sealed record Visitor(Guid TenantId, Guid ChannelId, Guid ContactId, string VisitorId)
{
    public static Visitor From(ClaimsPrincipal user) => new(
        Guid.Parse(user.FindFirstValue(LinktorClaims.Tenant)!),
        Guid.Parse(user.FindFirstValue(LinktorClaims.Channel)!),
        Guid.Parse(user.FindFirstValue(LinktorClaims.Contact)!),
        user.FindFirstValue(LinktorClaims.Visitor)!);
}
