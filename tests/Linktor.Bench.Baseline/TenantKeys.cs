using System.Collections.Concurrent;

namespace Linktor.Bench.Baseline;

/// <summary>API keys held in memory: key → tenant. A dictionary lookup, the cheapest possible authentication.</summary>
public sealed class TenantKeys
{
    private readonly ConcurrentDictionary<string, Guid> _tenants = new(StringComparer.Ordinal);

    public string Issue(Guid tenantId)
    {
        var key = "bk_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        _tenants[key] = tenantId;
        return key;
    }

    /// <summary>The tenant of the request's <c>Authorization: Bearer</c> key; false when there is none or it is unknown.</summary>
    public bool TryAuthenticate(HttpRequest request, out Guid tenantId)
    {
        tenantId = Guid.Empty;
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && _tenants.TryGetValue(header[7..], out tenantId);
    }
}
