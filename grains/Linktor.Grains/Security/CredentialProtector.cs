using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Linktor.Grains.Security;

/// <summary>
/// Encrypts channel credentials at rest with ASP.NET Core Data Protection; the key ring lives in
/// PostgreSQL so every node can decrypt what another stored.
/// </summary>
public sealed class CredentialProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Linktor.ChannelCredentials.v1");

    public string Protect(IReadOnlyDictionary<string, string> credentials) =>
        _protector.Protect(JsonSerializer.Serialize(credentials));

    public IReadOnlyDictionary<string, string> Unprotect(string? protectedCredentials) =>
        string.IsNullOrEmpty(protectedCredentials)
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(protectedCredentials))!;
}
