namespace Linktor.Contracts.Common;

/// <summary>
/// String keys for tenant-scoped grains. The tenant is part of every key, so an id from another
/// tenant addresses a different (empty) grain: isolation does not depend on remembering a check.
/// </summary>
public static class GrainKeys
{
    public static string Scoped(Guid tenantId, Guid id) => $"{tenantId:N}/{id:N}";

    public static string Identity(Guid tenantId, Guid channelId, string externalId) =>
        $"{tenantId:N}/{channelId:N}/{externalId}";

    public static (Guid TenantId, Guid Id) ParseScoped(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (Guid.ParseExact(key[..slash], "N"), Guid.ParseExact(key[(slash + 1)..], "N"));
    }

    public static (Guid TenantId, Guid ChannelId, string ExternalId) ParseIdentity(string key)
    {
        var parts = key.Split('/', 3);
        return (Guid.ParseExact(parts[0], "N"), Guid.ParseExact(parts[1], "N"), parts[2]);
    }
}
