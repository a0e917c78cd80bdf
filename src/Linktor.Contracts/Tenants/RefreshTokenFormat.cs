namespace Linktor.Contracts.Tenants;

/// <summary>
/// Refresh tokens read <c>lkr_&lt;tenant id&gt;_&lt;secret&gt;</c>: the API routes a refresh to its
/// tenant's grain without a lookup; the secret part is what is verified (hashed).
/// </summary>
public static class RefreshTokenFormat
{
    public const string Prefix = "lkr_";

    public static string Create(Guid tenantId, string secret) => $"{Prefix}{tenantId:N}_{secret}";

    public static Guid? TenantOf(string token)
    {
        var parts = token.Split('_', 3);
        return parts.Length == 3 && parts[0] == "lkr" && parts[2].Length > 0 && Guid.TryParseExact(parts[1], "N", out var id)
            ? id
            : null;
    }
}
