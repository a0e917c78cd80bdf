using System.Buffers.Text;
using System.Security.Cryptography;
using Linktor.Contracts.Tenants;

namespace Linktor.Grains.Tenants;

/// <summary>Random bearer secrets: API keys (<c>lk_</c>) and refresh tokens (<see cref="RefreshTokenFormat"/>).</summary>
internal static class SecretTokens
{
    public static string NewApiKey() => "lk_" + Random(32);

    public static string NewRefreshToken(Guid tenantId) => RefreshTokenFormat.Create(tenantId, Random(32));

    private static string Random(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}
