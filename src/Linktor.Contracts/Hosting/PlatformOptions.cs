using System.Security.Cryptography;
using System.Text;

namespace Linktor.Contracts.Hosting;

/// <summary>
/// <c>Linktor:Platform</c>: the operator's key, for creating tenants (API nodes) and opening the Orleans dashboard
/// (silos). Unset: the tenant routes refuse everyone, and a silo refuses to start with the dashboard on.
/// </summary>
public sealed class PlatformOptions
{
    public const string SectionName = "Linktor:Platform";

    public string? AdminKey { get; set; }

    /// <summary>Whether <paramref name="given"/> is the admin key (compared in constant time); never when no key is set.</summary>
    public bool IsAdminKey(string? given) =>
        !string.IsNullOrEmpty(AdminKey) && given is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(AdminKey), Encoding.UTF8.GetBytes(given));
}
