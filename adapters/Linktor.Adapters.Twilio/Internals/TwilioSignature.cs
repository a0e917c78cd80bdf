using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Linktor.Adapters.Twilio.Internals;

/// <summary>
/// Twilio's <c>X-Twilio-Signature</c>: Base64(HMAC-SHA1(auth token, full URL + every POST parameter
/// sorted by name as name+value)). SHA-1 is Twilio's choice, not ours; the HMAC keeps it sound here.
/// </summary>
internal static class TwilioSignature
{
    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms",
        Justification = "Twilio's signature scheme is HMAC-SHA1; verifying it needs exactly that algorithm.")]
    public static string Compute(string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(hash);
    }

    /// <summary>
    /// The URL as received, then with the scheme's default port removed or added: Twilio signs
    /// whichever form it was configured with, and proxies may add or drop the port (Twilio's own
    /// SDK validators try both).
    /// </summary>
    public static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            yield break;
        }

        var scheme = url[..schemeEnd].ToLowerInvariant();
        var defaultPort = scheme switch
        {
            "https" => ":443",
            "http" => ":80",
            _ => null,
        };
        if (defaultPort is null)
        {
            yield break;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var authority = url[authorityStart..authorityEnd];
        if (authority.EndsWith(defaultPort, StringComparison.Ordinal))
        {
            yield return string.Concat(url.AsSpan(0, authorityEnd - defaultPort.Length), url.AsSpan(authorityEnd));
        }
        else if (!authority.Contains(':', StringComparison.Ordinal)) // no port yet (an IPv6 host keeps its form)
        {
            yield return string.Concat(url.AsSpan(0, authorityEnd), defaultPort, url.AsSpan(authorityEnd));
        }
    }
}
