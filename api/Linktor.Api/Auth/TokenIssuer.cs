using System.Security.Claims;
using Linktor.Contracts.Tenants;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Linktor.Api.Auth;

/// <summary>Issues the short-lived JWTs: agent access tokens and web-chat visitor tokens.</summary>
public sealed class TokenIssuer(SigningKeyProvider keys, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, int ExpiresIn) IssueAccessToken(UserRecord user, Guid sessionId)
    {
        var lifetime = options.Value.AccessTokenLifetime;
        var token = Issue(AuthSchemes.AgentAudience, lifetime,
        [
            new(LinktorClaims.Subject, user.Id.ToString()),
            new(LinktorClaims.Tenant, user.TenantId.ToString()),
            new(LinktorClaims.Role, user.Role.ToString().ToLowerInvariant()),
            new(LinktorClaims.Session, sessionId.ToString()),
            new(LinktorClaims.Kind, LinktorClaims.AgentKind),
        ]);
        return (token, (int)lifetime.TotalSeconds);
    }

    public string IssueVisitorToken(Guid tenantId, Guid channelId, Guid contactId, string visitorId) =>
        Issue(AuthSchemes.VisitorAudience, options.Value.VisitorTokenLifetime,
        [
            new(LinktorClaims.Subject, visitorId),
            new(LinktorClaims.Tenant, tenantId.ToString()),
            new(LinktorClaims.Channel, channelId.ToString()),
            new(LinktorClaims.Contact, contactId.ToString()),
            new(LinktorClaims.Visitor, visitorId),
            new(LinktorClaims.Kind, LinktorClaims.VisitorKind),
        ]);

    public TokenValidationParameters ValidationParameters(string audience) => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = audience,
        IssuerSigningKeyResolver = (_, _, _, _) => [keys.Key],
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = LinktorClaims.Subject,
        RoleClaimType = LinktorClaims.Role,
    };

    private string Issue(string audience, TimeSpan lifetime, Claim[] claims)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
