using Linktor.Api.Auth;
using Linktor.Storage.Tenants;
using Microsoft.Extensions.Caching.Memory;

namespace Linktor.Api.Endpoints;

/// <summary>What the API-key endpoints work with: who calls, the tenant grain, the read model, and the cache of keys.</summary>
public sealed record ApiKeysServices(
    Caller Caller,
    IGrainFactory Grains,
    TenantQueries Tenants,
    IMemoryCache Cache);
