using Linktor.Contracts.Channels;
using Linktor.Contracts.Common;

namespace Linktor.Contracts.Tenants;

/// <summary>
/// One tenant (key: tenant id): settings, plan limits and the directory of users, API keys,
/// channels and agent sessions. Rare writes only; the message path never passes through here.
/// </summary>
[Alias("Linktor.ITenantGrain")]
public interface ITenantGrain : IGrainWithGuidKey
{
    [Alias("Create")]
    Task<Result<TenantCreated>> CreateAsync(TenantDraft draft);

    [Alias("Get"), Idempotent]
    Task<Result<TenantRecord>> GetAsync();

    [Alias("CreateUser")]
    Task<Result<UserRecord>> CreateUserAsync(UserDraft draft);

    [Alias("UpdateUser")]
    Task<Result<UserRecord>> UpdateUserAsync(Guid userId, UserPatch patch);

    /// <summary>Removes a user; the last active admin cannot be removed.</summary>
    [Alias("DeleteUser")]
    Task<Result<bool>> DeleteUserAsync(Guid userId);

    [Alias("CreateApiKey")]
    Task<Result<ApiKeyCreated>> CreateApiKeyAsync(string name, IReadOnlyList<string> scopes, Guid? createdBy);

    [Alias("DeleteApiKey")]
    Task<Result<bool>> DeleteApiKeyAsync(Guid keyId);

    /// <summary>Creates a channel within the plan's limits.</summary>
    [Alias("CreateChannel")]
    Task<Result<ChannelRecord>> CreateChannelAsync(ChannelDraft draft);

    /// <summary>Starts an agent session after the caller verified the password.</summary>
    [Alias("StartSession")]
    Task<Result<Session>> StartSessionAsync(Guid userId);

    /// <summary>Rotates a refresh token. Reusing an old one ends the whole session (token theft).</summary>
    [Alias("RefreshSession")]
    Task<Result<Session>> RefreshSessionAsync(string refreshToken);

    /// <summary>Ends the session a refresh token belongs to.</summary>
    [Alias("EndSessionByToken")]
    Task EndSessionAsync(string refreshToken);

    /// <summary>Ends a session by id (logout with an access token).</summary>
    [Alias("EndSession")]
    Task EndSessionAsync(Guid sessionId);
}
