using Linktor.Api.Auth;
using Linktor.Api.Realtime;
using Linktor.Storage.Tenants;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;

namespace Linktor.Api.Endpoints;

/// <summary>What the user endpoints work with: who calls, the tenant grain, the read model, and what ends sessions (the session cache, the open connections, the sign-in lock).</summary>
public sealed record UsersServices(
    Caller Caller,
    IGrainFactory Grains,
    TenantQueries Tenants,
    IPasswordHasher<object> Hasher,
    IMemoryCache Cache,
    LoginBackoff Backoff,
    SessionConnections Connections);
