using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Linktor.Grains.Webhooks;

/// <summary>
/// <c>Linktor-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")&gt;</c> (API.md).
/// The timestamp is signed too, so a receiver can refuse replays of old deliveries.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Linktor-Signature";

    public static string Create(string secret, DateTimeOffset at, string body)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
