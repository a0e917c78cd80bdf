using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;
using Linktor.Contracts.Realtime;
using Linktor.Contracts.Tenants;
using Linktor.Grains.Common;
using Linktor.Grains.Events;
using Linktor.Storage.Channels;
using Linktor.Storage.Tenants;

namespace Linktor.Grains.Tenants;

/// <summary>A tenant: settings, limits, and the directory writes (users, API keys, channels, sessions).</summary>
public sealed class TenantGrain(
    [PersistentState("tenant", GrainStorage.Name)] IPersistentState<TenantState> state,
    TenantStore store,
    ChannelStore channels,
    IEventPublisher publisher,
    TimeProvider clock) : Grain, ITenantGrain
{
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(30);

    private Guid TenantId => this.GetPrimaryKey();

    public async Task<Result<TenantCreated>> CreateAsync(TenantDraft draft)
    {
        if (state.State.Created)
        {
            return Problem.Conflict("The tenant exists already.");
        }

        var now = clock.GetUtcNow();
        var tenant = new TenantRecord { Id = TenantId, Name = draft.Name, Slug = draft.Slug, CreatedAt = now };
        var admin = new UserRecord
        {
            Id = Ids.New(),
            TenantId = TenantId,
            Email = draft.AdminEmail,
            Name = draft.AdminName ?? draft.AdminEmail,
            Role = UserRole.Admin,
            Status = UserStatus.Active,
            CreatedAt = now,
        };
        if (!await store.InsertTenantAsync(tenant, admin, draft.AdminPasswordHash))
        {
            return new Problem(ProblemCode.Conflict, $"The slug '{draft.Slug}' is taken.",
                new Dictionary<string, string[]> { ["slug"] = ["Already taken."] });
        }

        state.State = new TenantState { Created = true, Name = draft.Name, Slug = draft.Slug, CreatedAt = now };
        await state.WriteStateAsync();
        return new TenantCreated(tenant, admin);
    }

    public Task<Result<TenantRecord>> GetAsync() => Task.FromResult<Result<TenantRecord>>(
        state.State.Created
            ? new TenantRecord { Id = TenantId, Name = state.State.Name, Slug = state.State.Slug, CreatedAt = state.State.CreatedAt }
            : Problem.NotFound("The tenant"));

    public async Task<Result<UserRecord>> CreateUserAsync(UserDraft draft)
    {
        if (!state.State.Created)
        {
            return Problem.NotFound("The tenant");
        }

        var user = new UserRecord
        {
            Id = Ids.New(),
            TenantId = TenantId,
            Email = draft.Email,
            Name = draft.Name,
            Role = draft.Role,
            Status = UserStatus.Active,
            CreatedAt = clock.GetUtcNow(),
        };
        return await store.InsertUserAsync(user, draft.PasswordHash)
            ? user
            : new Problem(ProblemCode.Conflict, "A user with this email exists already.",
                new Dictionary<string, string[]> { ["email"] = ["Already in use in this tenant."] });
    }

    public async Task<Result<UserRecord>> UpdateUserAsync(Guid userId, UserPatch patch)
    {
        var current = await store.GetUserAsync(TenantId, userId);
        if (current is null)
        {
            return Problem.NotFound("The user");
        }

        var losesAdmin = current.Role == UserRole.Admin && current.Status == UserStatus.Active
            && (patch.Role is UserRole.Agent || patch.Status is UserStatus.Disabled);
        if (losesAdmin && await store.CountActiveAdminsAsync(TenantId) <= 1)
        {
            return Problem.Conflict("The tenant's last active admin cannot be demoted or disabled.");
        }

        var updated = await store.UpdateUserAsync(TenantId, userId, patch);
        if (updated is null)
        {
            return Problem.NotFound("The user");
        }

        // Disabling ends every session for good; a new password ends all but the one that set it (a stolen
        // session must not outlive the password change meant to lock it out).
        if (patch.Status is UserStatus.Disabled)
        {
            await EndUserSessionsAsync(userId, except: null);
        }
        else if (patch.PasswordHash is not null)
        {
            await EndUserSessionsAsync(userId, patch.KeepSessionId);
        }

        return updated;
    }

    public async Task<Result<bool>> DeleteUserAsync(Guid userId)
    {
        var current = await store.GetUserAsync(TenantId, userId);
        if (current is null)
        {
            return Problem.NotFound("The user");
        }

        if (current.Role == UserRole.Admin && current.Status == UserStatus.Active && await store.CountActiveAdminsAsync(TenantId) <= 1)
        {
            return Problem.Conflict("The tenant's last active admin cannot be deleted.");
        }

        if (!await store.DeleteUserAsync(TenantId, userId))
        {
            return Problem.NotFound("The user");
        }

        // The delete revoked the sessions with it; their open connections close now.
        Announce(SessionsEnded.AllOf(userId));
        return true;
    }

    public async Task<Result<ApiKeyCreated>> CreateApiKeyAsync(string name, IReadOnlyList<string> scopes, Guid? createdBy)
    {
        if (!state.State.Created)
        {
            return Problem.NotFound("The tenant");
        }

        var secret = SecretTokens.NewApiKey();
        var key = new ApiKeyRecord
        {
            Id = Ids.New(),
            Name = name,
            Scopes = scopes,
            Prefix = secret[..10],
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
        };
        await store.InsertApiKeyAsync(TenantId, key, TenantStore.HashToken(secret));
        return new ApiKeyCreated(key, secret);
    }

    public async Task<Result<bool>> DeleteApiKeyAsync(Guid keyId) =>
        await store.RevokeApiKeyAsync(TenantId, keyId) ? true : Problem.NotFound("The API key");

    public async Task<Result<ChannelRecord>> CreateChannelAsync(ChannelDraft draft)
    {
        if (!state.State.Created)
        {
            return Problem.NotFound("The tenant");
        }

        if (await channels.CountAsync(TenantId) >= state.State.MaxChannels)
        {
            return Problem.Conflict($"The plan allows {state.State.MaxChannels} channels.");
        }

        return await GrainFactory.Get<IChannelGrain>(GrainKeys.Scoped(TenantId, Ids.New())).CreateAsync(draft);
    }

    public async Task<Result<Session>> StartSessionAsync(Guid userId)
    {
        var user = await store.GetUserAsync(TenantId, userId);
        if (user is null || user.Status != UserStatus.Active)
        {
            return new Problem(ProblemCode.Unauthorized, "The user cannot sign in.");
        }

        var token = SecretTokens.NewRefreshToken(TenantId);
        var sessionId = Ids.New();
        await store.InsertSessionAsync(TenantId, sessionId, userId, clock.GetUtcNow() + SessionLifetime, TenantStore.HashToken(token));
        return new Session(user, token, sessionId);
    }

    public async Task<Result<Session>> RefreshSessionAsync(string refreshToken)
    {
        var next = SecretTokens.NewRefreshToken(TenantId);
        var session = await store.RotateRefreshTokenAsync(TenantId, TenantStore.HashToken(refreshToken), TenantStore.HashToken(next));
        if (session is not { Rotated: true })
        {
            if (session is { EndedSession: true })
            {
                // A replayed token (stolen, or kept by a client after it was spent) ended its session: its connections close too.
                Announce(SessionsEnded.One(session.UserId, session.SessionId));
            }

            return new Problem(ProblemCode.Unauthorized, "The refresh token is not valid.");
        }

        var user = await store.GetUserAsync(TenantId, session.UserId);
        return user is null
            ? new Problem(ProblemCode.Unauthorized, "The refresh token is not valid.")
            : new Session(user, next, session.SessionId);
    }

    public async Task EndSessionAsync(string refreshToken)
    {
        if (await store.RevokeSessionByTokenAsync(TenantId, TenantStore.HashToken(refreshToken)) is { } ended)
        {
            Announce(SessionsEnded.One(ended.UserId, ended.SessionId));
        }
    }

    public async Task EndSessionAsync(Guid sessionId)
    {
        if (await store.RevokeSessionAsync(TenantId, sessionId) is { } userId)
        {
            Announce(SessionsEnded.One(userId, sessionId));
        }
    }

    private async Task EndUserSessionsAsync(Guid userId, Guid? except)
    {
        await store.RevokeUserSessionsAsync(TenantId, userId, except);
        Announce(SessionsEnded.AllOf(userId, except));
    }

    /// <summary>
    /// Every API node closes the ended sessions' inbox connections. Best-effort like every real-time event: the nodes
    /// also re-check their connections' sessions periodically, and a hub call on an ended session fails regardless.
    /// </summary>
    private void Announce(SessionsEnded ended) =>
        publisher.Publish(new RealtimeEvent { Name = SessionsEnded.EventName, TenantId = TenantId, SessionsEnded = ended, At = clock.GetUtcNow() });
}
