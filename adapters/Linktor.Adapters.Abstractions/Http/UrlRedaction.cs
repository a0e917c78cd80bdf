namespace Linktor.Adapters;

/// <summary>
/// URLs as they may appear in logs and error texts: provider URLs carry secrets in the path (Telegram's
/// <c>bot{token}/</c> and <c>file/bot{token}/</c>) and in the query (signed media links), webhook URLs wherever their
/// receiver put them. Query strings are never shown; token-like path segments are masked.
/// </summary>
public static class UrlRedaction
{
    private const string Mask = "***";

    /// <summary><c>scheme://host[:port]/path</c>, the query replaced by <c>?***</c> and token-like segments by <c>***</c>.</summary>
    public static string ForLog(Uri? url)
    {
        if (url is null)
        {
            return "(no URL)";
        }

        if (!url.IsAbsoluteUri)
        {
            return Mask;
        }

        var segments = url.AbsolutePath.Split('/').Select(RedactSegment);
        return $"{url.GetLeftPart(UriPartial.Authority)}{string.Join('/', segments)}{(url.Query.Length > 0 ? "?" + Mask : "")}";
    }

    /// <summary><c>scheme://host[:port]</c> only: for URLs chosen by someone else (webhook receivers), whose path may be the secret.</summary>
    public static string HostOnly(Uri? url) => url is { IsAbsoluteUri: true } ? url.GetLeftPart(UriPartial.Authority) : "(no URL)";

    /// <summary>
    /// A Telegram token segment (<c>bot123456:AAH…</c>) or anything else with a colon (no provider path has one
    /// otherwise): masked, keeping the <c>bot</c> prefix so the log still says which call it was.
    /// </summary>
    private static string RedactSegment(string segment)
    {
        var decoded = Uri.UnescapeDataString(segment);
        if (!decoded.Contains(':', StringComparison.Ordinal))
        {
            return segment;
        }

        return decoded.StartsWith("bot", StringComparison.Ordinal) ? "bot" + Mask : Mask;
    }
}
