using System.Security.Cryptography;
using System.Text;

namespace Linktor.Adapters;

/// <summary>Constant-time comparison for webhook signatures and shared secrets.</summary>
public static class Signatures
{
    public static bool FixedTimeEquals(string? expected, string? actual) =>
        expected is not null && actual is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
