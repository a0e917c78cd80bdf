using System.Security.Claims;
using Linktor.Api.Auth;
using Linktor.Api.Infrastructure;
using Linktor.Api.Requests;
using Linktor.Contracts.Common;
using Linktor.Contracts.Realtime;
using Linktor.Contracts.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;

namespace Linktor.Api.Endpoints;

/// <summary>The tenant's agents and admins; <c>/me</c>.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/me", MeAsync).WithTags("Users").RequireAuthorization(AuthSchemes.TenantPolicy)
            .WithSummary("The signed-in user (or, for an API key, the key).");
        app.MapGet("/api/v1/presence", PresenceAsync).WithTags("Users").RequireAuthorization(AuthSchemes.TenantPolicy)
            .WithSummary("The tenant's agents online now (an inbox connection open on any API node); `presence` events on /hubs/inbox follow changes.");
        var api = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(AuthSchemes.TenantPolicy)
            .AddEndpointFilter<IdempotencyFilter>();
        api.MapGet("/", ListAsync);
        api.MapPost("/", CreateAsync).RequireAuthorization(AuthSchemes.AdminPolicy);
        api.MapGet("/{id:guid}", GetAsync);
        api.MapPatch("/{id:guid}", UpdateAsync).WithSummary("Admins change anything; agents their own name and password.");
        api.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(AuthSchemes.AdminPolicy);
        return api;
    }

    public static async Task<Results<Ok<UserRecord>, Ok<MeResponse>, ProblemHttpResult>> MeAsync([AsParameters] UsersServices services, CancellationToken ct)
    {
        var caller = services.Caller;
        if (!caller.IsAgent)
        {
            return TypedResults.Ok(new MeResponse(caller.PrincipalId, "api_key", caller.IsAdmin ? "admin" : "agent"));
        }

        var user = await services.Tenants.GetUserAsync(caller.TenantId, caller.PrincipalId, ct);
        return user is null ? ApiProblems.NotFound("The user") : TypedResults.Ok(user);
    }

    public static async Task<Ok<Page<AgentPresence>>> PresenceAsync([AsParameters] UsersServices services)
    {
        var online = await services.Grains.GetGrain<ITenantPresenceGrain>(services.Caller.TenantId).GetOnlineAsync();
        return TypedResults.Ok(new Page<AgentPresence>([.. online.Select(id => new AgentPresence(id, AgentPresence.Online))], null));
    }

    public static async Task<Results<Ok<Page<UserRecord>>, ProblemHttpResult>> ListAsync(
        [AsParameters] UsersServices services, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var problem))
        {
            return problem!;
        }

        return TypedResults.Ok(Paging.ToPage(await services.Tenants.ListUsersAsync(services.Caller.TenantId, page, ct)));
    }

    public static async Task<Results<Ok<UserRecord>, ProblemHttpResult>> GetAsync(Guid id, [AsParameters] UsersServices services, CancellationToken ct)
    {
        var user = await services.Tenants.GetUserAsync(services.Caller.TenantId, id, ct);
        return user is null ? ApiProblems.NotFound("The user") : TypedResults.Ok(user);
    }

    public static async Task<Results<Created<UserRecord>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest body, [AsParameters] UsersServices services)
    {
        var v = new Validator();
        if (v.Required(body.Email, "email"))
        {
            v.Email(body.Email?.Trim(), "email");
        }

        if (v.Required(body.Name, "name"))
        {
            v.MaxLength(body.Name, 200, "name");
        }

        v.Required(body.Role, "role");
        Passwords.Check(body.Password, "password", v);
        if (v.Failed)
        {
            return v.Problem();
        }

        var result = await services.Grains.GetGrain<ITenantGrain>(services.Caller.TenantId).CreateUserAsync(new UserDraft
        {
            Email = body.Email!.Trim().ToLowerInvariant(),
            Name = body.Name!.Trim(),
            Role = body.Role!.Value,
            PasswordHash = services.Hasher.HashPassword(body, body.Password!),
        });
        return GrainResults.Created(result, u => $"/api/v1/users/{u.Id}");
    }

    public static async Task<Results<Ok<UserRecord>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateUserRequest body, HttpContext http, [AsParameters] UsersServices services, CancellationToken ct)
    {
        var caller = services.Caller;
        if (!caller.IsAdmin)
        {
            if (id != caller.PrincipalId)
            {
                // Not an admin: other users are readable (GET) but not writable.
                return await services.Tenants.GetUserAsync(caller.TenantId, id, ct) is null
                    ? ApiProblems.NotFound("The user")
                    : ApiProblems.Forbidden("Only admins change other users.");
            }

            if (body.Role is not null || body.Status is not null)
            {
                return ApiProblems.Forbidden("Only admins change roles and status.");
            }
        }

        var v = new Validator();
        if (body.Name is not null && (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200))
        {
            v.Add("name", "1–200 characters.");
        }

        if (body.Password is not null)
        {
            Passwords.Check(body.Password, "password", v);
        }

        // One's own password: a stolen access token must not be enough to take the account over.
        var ownPassword = body.Password is not null && caller.IsAgent && id == caller.PrincipalId;
        if (ownPassword && string.IsNullOrEmpty(body.CurrentPassword))
        {
            v.Add("current_password", "Required to change your own password.");
        }

        if (v.Failed)
        {
            return v.Problem();
        }

        if (ownPassword && await CheckCurrentPasswordAsync(body.CurrentPassword!, http, services, ct) is { } refused)
        {
            return refused;
        }

        // Changing one's own password keeps this session and ends the others; an admin's reset ends them all.
        Guid? keep = ownPassword && Guid.TryParse(http.User.FindFirstValue(LinktorClaims.Session), out var sessionId) ? sessionId : null;
        var result = await services.Grains.GetGrain<ITenantGrain>(caller.TenantId).UpdateUserAsync(id, new UserPatch
        {
            Name = body.Name?.Trim(),
            Role = body.Role,
            Status = body.Status,
            PasswordHash = body.Password is null ? null : services.Hasher.HashPassword(body, body.Password),
            KeepSessionId = keep,
        });
        if (result.IsSuccess && (body.Role is not null || body.Status is not null || body.Password is not null))
        {
            ForgetSessions(services.Cache);
            if (body.Status is UserStatus.Disabled || body.Password is not null)
            {
                // At once on this node; the tenant grain's announcement reaches the others.
                services.Connections.End(caller.TenantId, SessionsEnded.AllOf(id, body.Status is UserStatus.Disabled ? null : keep));
            }
        }

        return GrainResults.Ok(result);
    }

    /// <summary>The current password, checked like a sign-in: wrong guesses count towards the account's lock.</summary>
    private static async Task<ProblemHttpResult?> CheckCurrentPasswordAsync(
        string currentPassword, HttpContext http, UsersServices services, CancellationToken ct)
    {
        var caller = services.Caller;
        var user = await services.Tenants.GetUserAsync(caller.TenantId, caller.PrincipalId, ct);
        var hash = await services.Tenants.GetPasswordHashAsync(caller.TenantId, caller.PrincipalId, ct);
        if (user is null || hash is null)
        {
            return ApiProblems.NotFound("The user");
        }

        var account = LoginBackoff.AccountKey(user.Email);
        if (await services.Backoff.LockedForAsync(account) is { } locked)
        {
            return LoginBackoff.Locked(http, locked);
        }

        if (services.Hasher.VerifyHashedPassword(user, hash, currentPassword) != PasswordVerificationResult.Failed)
        {
            return null;
        }

        return await services.Backoff.FailedAsync(account) is { } lockFor
            ? LoginBackoff.Locked(http, lockFor)
            : ApiProblems.Validation("current_password", "Not your current password.");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, [AsParameters] UsersServices services)
    {
        var tenantId = services.Caller.TenantId;
        var result = await services.Grains.GetGrain<ITenantGrain>(tenantId).DeleteUserAsync(id);
        if (result.IsSuccess)
        {
            ForgetSessions(services.Cache);
            services.Connections.End(tenantId, SessionsEnded.AllOf(id));
        }

        return GrainResults.NoContent(result);
    }

    /// <summary>
    /// SessionValidator caches each session's state (active, role) briefly. A disabled, demoted or deleted user
    /// loses access on this node at once, as it documents; on other nodes within its few seconds.
    /// </summary>
    private static void ForgetSessions(IMemoryCache cache)
    {
        if (cache is MemoryCache memory)
        {
            memory.Clear();
        }
    }
}
