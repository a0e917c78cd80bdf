using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Linktor.Testing.FakeProviders.S3;

/// <summary>
/// The pieces of AWS Signature Version 4 as S3 checks it (AWS's "Create a signed AWS API request"
/// and S3's "Authenticating Requests (AWS Signature Version 4)"), written from the documents rather
/// than taken from an SDK, so the fake checks the SDK instead of agreeing with it by construction.
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Service = "s3";
    public const string Terminator = "aws4_request";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static readonly string EmptyHash = Hash([]);

    /// <summary>
    /// AWS's UriEncode: every UTF-8 byte except the unreserved A-Z a-z 0-9 - _ . ~ as %XX (upper-case
    /// hex), and '/' too unless <paramref name="encodeSlash"/> is false.
    /// </summary>
    public static string UriEncode(string value, bool encodeSlash = true)
    {
        var encoded = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (c == '/' && !encodeSlash))
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    /// <summary>
    /// The canonical URI of a path as it came on the wire: each segment decoded and encoded again,
    /// once (S3, unlike other services, neither double-encodes nor normalizes '.' and '..').
    /// </summary>
    public static string CanonicalUri(string rawPath) =>
        rawPath.Length == 0 ? "/" : string.Join('/', rawPath.Split('/').Select(s => UriEncode(Uri.UnescapeDataString(s))));

    /// <summary>The canonical query: names and values encoded, sorted by name then value; a bare name has an empty value.</summary>
    public static string CanonicalQuery(string rawQuery) =>
        string.Join('&', rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? "" : pair[(equals + 1)..];
                return (Name: UriEncode(Uri.UnescapeDataString(name)), Value: UriEncode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

    /// <summary>
    /// One <c>name:value\n</c> line per signed header, in the signed list's (sorted) order: values
    /// trimmed with inner runs of spaces made one, repeated headers joined by commas.
    /// </summary>
    public static string CanonicalHeaders(IHeaderDictionary headers, IEnumerable<string> signedHeaders)
    {
        var canonical = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var values = headers.TryGetValue(name, out var found) ? found.Select(v => CollapseSpaces(v ?? "")) : [];
            canonical.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }

        return canonical.ToString();
    }

    public static string CanonicalRequest(
        string method, string rawPath, string rawQuery, IHeaderDictionary headers, IReadOnlyList<string> signedHeaders, string payloadHash) =>
        $"{method}\n{CanonicalUri(rawPath)}\n{CanonicalQuery(rawQuery)}\n{CanonicalHeaders(headers, signedHeaders)}\n{string.Join(';', signedHeaders)}\n{payloadHash}";

    public static string Scope(string date, string region) => $"{date}/{region}/{Service}/{Terminator}";

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hash(Encoding.UTF8.GetBytes(canonicalRequest))}";

    /// <summary>The signing key: HMAC chain of "AWS4"+secret over the date, the region, the service and "aws4_request".</summary>
    public static byte[] SigningKey(string secretKey, string date, string region)
    {
        var key = Hmac(Encoding.UTF8.GetBytes($"AWS4{secretKey}"), date);
        key = Hmac(key, region);
        key = Hmac(key, Service);
        return Hmac(key, Terminator);
    }

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="stringToSign"/>.</summary>
    public static string Sign(byte[] signingKey, string stringToSign) => Convert.ToHexStringLower(Hmac(signingKey, stringToSign));

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string Hash(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Compares hex signatures in constant time (as a server must, not to leak how much matched).</summary>
    public static bool SignaturesMatch(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(provided));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string CollapseSpaces(string value)
    {
        var collapsed = new StringBuilder(value.Length);
        foreach (var c in value.Trim())
        {
            if (c != ' ' || collapsed[^1] != ' ')
            {
                collapsed.Append(c);
            }
        }

        return collapsed.ToString();
    }
}
