using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Linktor.Testing.FakeProviders.Twilio;

namespace Linktor.Testing.FakeProviders;

/// <summary>
/// The webhooks Twilio posts to a channel's <c>/hooks/{id}</c> URL, built and signed as Twilio does,
/// for end-to-end tests: build a payload (<see cref="InboundSms"/>, <see cref="InboundMms"/>,
/// <see cref="StatusCallback"/>), then post <see cref="SignedRequest"/> (or <see cref="FormBody"/> with
/// <see cref="Signature"/> in <c>X-Twilio-Signature</c>).
/// </summary>
public sealed partial class FakeTwilio
{
    /// <summary>The header Twilio signs its webhooks in.</summary>
    public const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>An inbound SMS from <paramref name="from"/> to the channel's number <paramref name="to"/> (E.164), as Twilio posts it.</summary>
    public static Dictionary<string, string> InboundSms(string accountSid, string to, string from, string messageSid, string body) => new(StringComparer.Ordinal)
    {
        ["ToCountry"] = "US",
        ["SmsMessageSid"] = messageSid,
        ["NumMedia"] = "0",
        ["SmsSid"] = messageSid,
        ["SmsStatus"] = "received",
        ["Body"] = body,
        ["To"] = to,
        ["NumSegments"] = "1",
        ["MessageSid"] = messageSid,
        ["AccountSid"] = accountSid,
        ["From"] = from,
        ["ApiVersion"] = "2010-04-01",
    };

    /// <summary>
    /// An inbound MMS with <paramref name="media"/> as <c>MediaUrl{N}</c>/<c>MediaContentType{N}</c>
    /// (URLs from <see cref="AddMedia"/> download from this fake); Linktor stores one message per attachment.
    /// </summary>
    public static Dictionary<string, string> InboundMms(
        string accountSid, string to, string from, string messageSid, string? body, params IReadOnlyList<TwilioMedia> media)
    {
        var form = InboundSms(accountSid, to, from, messageSid, body ?? "");
        form["NumMedia"] = media.Count.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < media.Count; i++)
        {
            form[$"MediaUrl{i}"] = media[i].Url;
            form[$"MediaContentType{i}"] = media[i].ContentType;
        }

        return form;
    }

    /// <summary>
    /// A status callback for our message <paramref name="messageSid"/> sent from <paramref name="from"/> (the
    /// channel's number) to <paramref name="to"/>: <paramref name="status"/> is sent, delivered, read,
    /// undelivered or failed (<paramref name="errorCode"/> e.g. 30003 with the last two);
    /// <paramref name="rawDlrDoneDate"/> (YYMMDDhhmm, UTC) is the carrier's delivery time when given.
    /// </summary>
    public static Dictionary<string, string> StatusCallback(
        string accountSid, string messageSid, string status, string from, string to, string? errorCode = null, string? rawDlrDoneDate = null)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SmsSid"] = messageSid,
            ["SmsStatus"] = status,
            ["MessageStatus"] = status,
            ["To"] = to,
            ["MessageSid"] = messageSid,
            ["AccountSid"] = accountSid,
            ["From"] = from,
            ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode;
        }

        if (rawDlrDoneDate is not null)
        {
            form["RawDlrDoneDate"] = rawDlrDoneDate;
        }

        return form;
    }

    /// <summary>
    /// <c>X-Twilio-Signature</c> for a POST of <paramref name="form"/> to <paramref name="url"/> (the full
    /// public URL, query string included): Base64(HMAC-SHA1(auth token, url + each parameter sorted by
    /// name as name+value)).
    /// </summary>
    public static string Signature(string url, IReadOnlyDictionary<string, string> form, string authToken)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

#pragma warning disable CA5350 // Twilio's signature is HMAC-SHA1 by definition.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    /// <summary>The form as Twilio posts it (<c>application/x-www-form-urlencoded</c>, UTF-8).</summary>
    public static byte[] FormBody(IReadOnlyDictionary<string, string> form) =>
        Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => $"{WebUtility.UrlEncode(p.Key)}={WebUtility.UrlEncode(p.Value)}")));

    /// <summary>A POST of <paramref name="form"/> to <paramref name="url"/> with Twilio's content type and signature.</summary>
    public static HttpRequestMessage SignedRequest(Uri url, IReadOnlyDictionary<string, string> form, string authToken)
    {
        var content = new ByteArrayContent(FormBody(form));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(SignatureHeader, Signature(url.AbsoluteUri, form, authToken));
        return request;
    }
}
