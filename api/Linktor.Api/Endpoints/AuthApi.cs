using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
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

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/auth").WithTags("Auth");
        api.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimit)
            .WithSummary("Sign in with email and password; answers an access token and a refresh token.");
        api.MapPost("/refresh", RefreshAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimit)
            .WithSummary("Trade a refresh token for a new pair (the old refresh token is spent).");
        api.MapPost("/logout", LogoutAsync).RequireAuthorization(AuthSchemes.TenantPolicy)
            .WithSummary("End the session of this access token (and of the refresh token, if given).");
        return api;
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest body, TenantQueries tenants, IPasswordHasher<object> hasher, IGrainFactory grains, TokenIssuer tokens, CancellationToken ct)
    {
        var v = new Validator();
        v.Required(body.Email, "email");
        v.Required(body.Password, "password");
        if (v.Failed)
        {
            return v.Problem();
        }

        foreach (var candidate in await tenants.FindLoginCandidatesAsync(body.Email!.Trim().ToLowerInvariant(), body.Tenant, ct))
        {
            if (hasher.VerifyHashedPassword(candidate, candidate.PasswordHash, body.Password!) == PasswordVerificationResult.Failed)
            {
                continue;
            }

            var session = await grains.GetGrain<ITenantGrain>(candidate.User.TenantId).StartSessionAsync(candidate.User.Id);
            return session.IsSuccess ? TypedResults.Ok(Respond(session.Value!, tokens)) : ApiProblems.From(session.Problem!);
        }

        return ApiProblems.Unauthorized("Wrong email or password.");
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest body, IGrainFactory grains, TokenIssuer tokens, IMemoryCache cache)
    {
        if (string.IsNullOrWhiteSpace(body.RefreshToken))
        {
            return ApiProblems.Validation("refresh_token", "Required.");
        }

        if (RefreshTokenFormat.TenantOf(body.RefreshToken) is not { } tenantId)
        {
            return ApiProblems.Unauthorized("The refresh token is not valid.");
        }

        var session = await grains.GetGrain<ITenantGrain>(tenantId).RefreshSessionAsync(body.RefreshToken);
        if (!session.IsSuccess && cache is MemoryCache memory)
        {
            // A refused refresh may have been a replay that revoked its whole session: forget cached
            // session checks so the session's access tokens stop here at once (other nodes: seconds).
            memory.Clear();
        }

        return session.IsSuccess ? TypedResults.Ok(Respond(session.Value!, tokens)) : ApiProblems.From(session.Problem!);
    }

    public static async Task<NoContent> LogoutAsync(HttpContext http, IGrainFactory grains, IMemoryCache cache, RefreshRequest? body)
    {
        var caller = Caller.From(http.User);
        if (!string.IsNullOrWhiteSpace(body?.RefreshToken))
        {
            await grains.GetGrain<ITenantGrain>(caller.TenantId).EndSessionAsync(body.RefreshToken);
        }

        if (Guid.TryParse(http.User.FindFirst(LinktorClaims.Session)?.Value, out var sessionId))
        {
            await grains.GetGrain<ITenantGrain>(caller.TenantId).EndSessionAsync(sessionId);
            cache.Remove(SessionValidator.CacheKey(sessionId));
        }

        return TypedResults.NoContent();
    }

    private static TokenResponse Respond(Session session, TokenIssuer tokens)
    {
        var (access, expiresIn) = tokens.IssueAccessToken(session.User, session.SessionId);
        return new TokenResponse(access, session.RefreshToken, expiresIn, "Bearer", session.User);
    }
}
