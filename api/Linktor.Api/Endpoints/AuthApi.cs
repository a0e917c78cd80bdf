using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Realtime;
using Linktor.Api.Requests;
using Linktor.Contracts.Realtime;
using Linktor.Contracts.Tenants;
using Linktor.Storage.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;

namespace Linktor.Api.Endpoints;

/// <summary>Agent sign-in: login (password → session), refresh (rotating tokens), logout.</summary>
public static class AuthApi
{
    public const string LoginRateLimit = "login";
    public const string RefreshRateLimit = "refresh";

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/auth").WithTags("Auth");
        api.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimit)
            .WithSummary("Sign in with email and password; answers an access token and a refresh token (also set as an HttpOnly cookie).");
        api.MapPost("/refresh", RefreshAsync).AllowAnonymous().RequireRateLimiting(RefreshRateLimit)
            .WithSummary("Trade a refresh token (the body's, else the cookie's) for a new pair (the old refresh token is spent).");
        api.MapPost("/logout", LogoutAsync).RequireAuthorization(AuthSchemes.TenantPolicy)
            .WithSummary("End the session of this access token (and of the refresh token, if given); its open hub connections close.");
        return api;
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest body, HttpContext http, TenantQueries tenants, IPasswordHasher<object> hasher, DummyPasswordHash dummy,
        LoginBackoff backoff, IGrainFactory grains, TokenIssuer tokens, CancellationToken ct)
    {
        var v = new Validator();
        v.Required(body.Email, "email");
        v.Required(body.Password, "password");
        if (v.Failed)
        {
            return v.Problem();
        }

        var email = body.Email!.Trim().ToLowerInvariant();
        var account = LoginBackoff.AccountKey(email);
        if (await backoff.LockedForAsync(account) is { } locked)
        {
            return LoginBackoff.Locked(http, locked);
        }

        var candidates = await tenants.FindLoginCandidatesAsync(email, body.Tenant, ct);
        if (candidates.Count == 0)
        {
            // As long as a wrong password takes: the timing must not tell that no user has this email.
            dummy.Verify(body.Password!);
        }

        foreach (var candidate in candidates)
        {
            if (hasher.VerifyHashedPassword(candidate, candidate.PasswordHash, body.Password!) == PasswordVerificationResult.Failed)
            {
                continue;
            }

            var session = await grains.GetGrain<ITenantGrain>(candidate.User.TenantId).StartSessionAsync(candidate.User.Id);
            if (!session.IsSuccess)
            {
                return ApiProblems.From(session.Problem!);
            }

            await backoff.SucceededAsync(account);
            return TypedResults.Ok(Respond(http, session.Value!, tokens));
        }

        return await backoff.FailedAsync(account) is { } lockFor ? LoginBackoff.Locked(http, lockFor) : ApiProblems.Unauthorized("Wrong email or password.");
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        HttpContext http, IGrainFactory grains, TokenIssuer tokens, IMemoryCache cache, RefreshRequest? body)
    {
        // API clients send the body field; the browser inbox, the HttpOnly cookie.
        var refreshToken = string.IsNullOrWhiteSpace(body?.RefreshToken) ? RefreshCookie.Read(http) : body.RefreshToken;
        if (refreshToken is null)
        {
            return ApiProblems.Validation("refresh_token", "Required (in the body, or the refresh cookie).");
        }

        if (RefreshTokenFormat.TenantOf(refreshToken) is not { } tenantId)
        {
            RefreshCookie.Clear(http);
            return ApiProblems.Unauthorized("The refresh token is not valid.");
        }

        var session = await grains.GetGrain<ITenantGrain>(tenantId).RefreshSessionAsync(refreshToken);
        if (!session.IsSuccess)
        {
            RefreshCookie.Clear(http);
            if (cache is MemoryCache memory)
            {
                // A refused refresh may have been a replay that revoked its whole session: forget cached
                // session checks so the session's access tokens stop here at once (other nodes: seconds).
                memory.Clear();
            }

            return ApiProblems.From(session.Problem!);
        }

        return TypedResults.Ok(Respond(http, session.Value!, tokens));
    }

    public static async Task<NoContent> LogoutAsync(
        HttpContext http, Caller caller, IGrainFactory grains, IMemoryCache cache, SessionConnections connections, RefreshRequest? body)
    {
        var tenant = grains.GetGrain<ITenantGrain>(caller.TenantId);
        if (!string.IsNullOrWhiteSpace(body?.RefreshToken))
        {
            // Only a token of the caller's own tenant can be ended (the grain matches it within its tenant).
            await tenant.EndSessionAsync(body.RefreshToken);
        }

        // The browser's cookie belongs to this same session, which ends below. It is cleared, not used: a client
        // whose cookie jar holds another session's token (cookies ignore ports and paths of other logins) keeps it.
        RefreshCookie.Clear(http);
        if (Guid.TryParse(http.User.FindFirst(LinktorClaims.Session)?.Value, out var sessionId))
        {
            await tenant.EndSessionAsync(sessionId);
            cache.Remove(SessionValidator.CacheKey(sessionId));
            // At once on this node; the tenant grain's announcement closes the session's connections on the others.
            connections.End(caller.TenantId, SessionsEnded.One(caller.PrincipalId, sessionId));
        }

        return TypedResults.NoContent();
    }

    private static TokenResponse Respond(HttpContext http, Session session, TokenIssuer tokens)
    {
        RefreshCookie.Set(http, session.RefreshToken);
        var (access, expiresIn) = tokens.IssueAccessToken(session.User, session.SessionId);
        return new TokenResponse(access, session.RefreshToken, expiresIn, "Bearer", session.User);
    }
}
