using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Linktor.Testing.FakeProviders.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Linktor.Testing.FakeProviders;

/// <summary>
/// Twilio Programmable Messaging for one account: <c>POST …/Messages.json</c> (creates a message with a
/// fresh <c>SM…</c>/<c>MM…</c> sid and answers 201 in Twilio's shape), <c>GET …/Accounts/{sid}.json</c>,
/// and media downloads registered with <see cref="AddMedia"/>. Every call needs HTTP Basic
/// <c>AccountSid:AuthToken</c>; anything else gets Twilio's 401 (code 20003). Senders that opted out
/// (<see cref="OptOut"/>) get Twilio's 21610. Static helpers build and sign the webhooks Twilio posts.
/// </summary>
public sealed partial class FakeTwilio(string accountSid, string authToken) : FakeProviderServer
{
    private readonly ConcurrentQueue<TwilioSentMessage> _sent = new();
    private readonly ConcurrentDictionary<string, (byte[] Content, string ContentType)> _media = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _optedOut = new(StringComparer.Ordinal);

    public string AccountSid { get; } = accountSid;

    public string AuthToken { get; } = authToken;

    /// <summary>The account's name in <c>GET …/Accounts/{sid}.json</c>.</summary>
    public string FriendlyName { get; set; } = "Linktor Test Account";

    /// <summary>The account's status in <c>GET …/Accounts/{sid}.json</c> (<c>active</c>, <c>suspended</c>, <c>closed</c>).</summary>
    public string AccountStatus { get; set; } = "active";

    /// <summary>Messages the fake created, in order (faulted requests are not here).</summary>
    public IReadOnlyList<TwilioSentMessage> SentMessages => [.. _sent];

    /// <summary>The recipient replied STOP: later sends to <paramref name="number"/> get 400 / 21610.</summary>
    public void OptOut(string number) => _optedOut[number] = true;

    /// <summary>
    /// Serves <paramref name="content"/> as an inbound MMS attachment and returns its Twilio-style URL
    /// (<c>{BaseUrl}2010-04-01/Accounts/{AC}/Messages/{MM}/Media/{ME}</c>), to put in <c>MediaUrl{N}</c>.
    /// </summary>
    public string AddMedia(byte[] content, string contentType, string? messageSid = null)
    {
        var mediaSid = NewSid("ME");
        _media[mediaSid] = (content, contentType);
        return new Uri(BaseUrl, $"2010-04-01/Accounts/{AccountSid}/Messages/{messageSid ?? NewSid("MM")}/Media/{mediaSid}").AbsoluteUri;
    }

    /// <summary>A Twilio-format SID: the two-letter prefix and 32 lowercase hex digits.</summary>
    public static string NewSid(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    protected override void MapEndpoints(WebApplication app)
    {
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", CreateMessageAsync);
        app.MapGet("/2010-04-01/Accounts/{accountSid}.json", (HttpContext context, string accountSid) =>
            Authorized(context, accountSid) ?? Json(200, new Dictionary<string, object?>
            {
                ["sid"] = AccountSid,
                ["friendly_name"] = FriendlyName,
                ["status"] = AccountStatus,
                ["type"] = "Full",
                ["date_created"] = "Fri, 13 Jun 2025 22:45:01 +0000",
                ["uri"] = $"/2010-04-01/Accounts/{AccountSid}.json",
            }));
        app.MapGet("/2010-04-01/Accounts/{accountSid}/Messages/{messageSid}/Media/{mediaSid}",
            (HttpContext context, string accountSid, string mediaSid) =>
                Authorized(context, accountSid)
                ?? (_media.TryGetValue(mediaSid, out var media)
                    ? Results.Bytes(media.Content, media.ContentType)
                    : ErrorResult(404, 20404, $"The requested resource {context.Request.Path} was not found")));
    }

    private async Task<IResult> CreateMessageAsync(HttpContext context, string accountSid)
    {
        if (Authorized(context, accountSid) is { } refused)
        {
            return refused;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        string? Field(string name) => form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;
        var to = Field("To");
        var from = Field("From");
        var service = Field("MessagingServiceSid");
        var body = Field("Body");
        var mediaUrls = form.TryGetValue("MediaUrl", out var urls) ? urls.OfType<string>().ToList() : [];
        if (to is null)
        {
            return ErrorResult(400, 21604, "A 'To' phone number is required.");
        }

        if (from is null && service is null)
        {
            return ErrorResult(400, 21603, "A 'From' phone number is required.");
        }

        if (body is null && mediaUrls.Count == 0)
        {
            return ErrorResult(400, 21602, "Message body is required.");
        }

        if (_optedOut.ContainsKey(to))
        {
            return ErrorResult(400, 21610, "Attempt to send to unsubscribed recipient");
        }

        var sid = NewSid(mediaUrls.Count > 0 ? "MM" : "SM");
        _sent.Enqueue(new TwilioSentMessage(sid, to, from, service, body, mediaUrls, Field("StatusCallback")));
        return Json(201, new Dictionary<string, object?>
        {
            ["account_sid"] = AccountSid,
            ["api_version"] = "2010-04-01",
            ["body"] = body ?? "",
            ["date_created"] = DateTimeOffset.UtcNow.ToString("r"),
            ["date_sent"] = null,
            ["date_updated"] = DateTimeOffset.UtcNow.ToString("r"),
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = from,
            ["messaging_service_sid"] = service,
            ["num_media"] = mediaUrls.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["num_segments"] = "1",
            ["price"] = null,
            ["price_unit"] = "USD",
            ["sid"] = sid,
            ["status"] = service is null ? "queued" : "accepted",
            ["subresource_uris"] = new Dictionary<string, string> { ["media"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}/Media.json" },
            ["to"] = to,
            ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
        });
    }

    /// <summary>Null when the call carries this account's Basic credentials and names this account; else Twilio's error.</summary>
    private IResult? Authorized(HttpContext context, string accountSid)
    {
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter != expected)
        {
            return ErrorResult(401, 20003, "Authenticate");
        }

        return accountSid == AccountSid
            ? null
            : ErrorResult(404, 20404, $"The requested resource {context.Request.Path} was not found");
    }

    private static IResult ErrorResult(int status, int code, string message) => Json(status, ErrorBody(status, code, message));

    private static Dictionary<string, object?> ErrorBody(int status, int code, string message) => new()
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
        ["status"] = status,
    };

    private static IResult Json(int status, Dictionary<string, object?> body) =>
        Results.Text(JsonSerializer.Serialize(body), "application/json", Encoding.UTF8, status);
}
