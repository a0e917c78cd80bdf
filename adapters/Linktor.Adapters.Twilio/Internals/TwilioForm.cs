using System.Net;
using System.Text;

namespace Linktor.Adapters.Twilio.Internals;

/// <summary>The parameters of an <c>application/x-www-form-urlencoded</c> body, in order, repeats kept.</summary>
internal static class TwilioForm
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="WebhookFormatException">The body is not UTF-8 text.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(byte[] body)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException ex)
        {
            throw new WebhookFormatException("The Twilio webhook body is not UTF-8 form data.", ex);
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add(new(WebUtility.UrlDecode(key), WebUtility.UrlDecode(value)));
        }

        return pairs;
    }

    /// <summary>The first value of each parameter (Twilio's message webhooks repeat none).</summary>
    public static IReadOnlyDictionary<string, string> FirstValues(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            values.TryAdd(key, value);
        }

        return values;
    }
}
