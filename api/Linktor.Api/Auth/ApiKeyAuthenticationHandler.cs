using System.Security.Claims;
using System.Text.Encodings.Web;
using Linktor.Storage.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Linktor.Api.Auth;

/// <summary>
/// <c>Authorization: Bearer lk_…</c>: looks the key up by its SHA-256 (keys are stored hashed).
/// Lookups are cached briefly; a key deleted on this node stops working at once, elsewhere
/// within <see cref="CacheFor"/>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TenantQueries tenants,
    IMemoryCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    public static string CacheKey(string hashHex) => $"apikey:{hashHex}";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken.Read(Request);
        if (token is null || !token.StartsWith("lk_", StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = TenantStore.HashToken(token);
        var key = CacheKey(Convert.ToHexString(hash));
        if (!cache.TryGetValue(key, out ApiKeyPrincipal? principal))
        {
            principal = await tenants.FindApiKeyAsync(hash, Context.RequestAborted);
            cache.Set(key, principal, CacheFor);
        }

        if (principal is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var role = principal.Scopes.Contains(ApiKeyScopes.Admin) ? "admin" : "agent";
        var identity = new ClaimsIdentity(
        [
            new Claim(LinktorClaims.Subject, principal.KeyId.ToString()),
            new Claim(LinktorClaims.Tenant, principal.TenantId.ToString()),
            new Claim(LinktorClaims.Role, role),
            new Claim(LinktorClaims.Kind, LinktorClaims.ApiKeyKind),
            new Claim(LinktorClaims.Scopes, string.Join(' ', principal.Scopes)),
        ], Scheme.Name, LinktorClaims.Subject, LinktorClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
