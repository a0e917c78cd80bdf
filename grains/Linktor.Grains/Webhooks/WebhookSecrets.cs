using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Linktor.Grains.Webhooks;

/// <summary>
/// Endpoint signing secrets: generated with <c>whsec_</c>, and encrypted at rest with Data Protection (unlike
/// API keys they cannot be hashed: every delivery is signed with the secret itself).
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Linktor.WebhookSecrets.v1");

    public static string New() => "whsec_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
