using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Linktor.Testing.FakeProviders.WhatsApp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Linktor.Testing.FakeProviders;

/// <summary>
/// The WhatsApp Cloud API (Meta Graph API) on loopback: <c>POST /{version}/{phone_number_id}/messages</c>,
/// <c>POST /{version}/{phone_number_id}/media</c> (multipart upload), <c>GET /{version}/{media-id}</c>
/// (media URL), the media download itself (bearer token required), and
/// <c>GET /{version}/{phone_number_id}</c> (the number's identity). Answers in Graph's format: a wrong
/// token gets Graph's 401 (code 190), an unknown number or a malformed body a 400 (code 100).
/// Also builds and signs webhook payloads as Meta sends them (<see cref="InboundText"/>,
/// <see cref="Status"/>, <see cref="Batch"/>, <see cref="Signature"/>).
/// </summary>
/// <param name="phoneNumberId">The business number this fake serves (default the fixtures' <see cref="DefaultPhoneNumberId"/>).</param>
/// <param name="accessToken">The bearer token it accepts (default <see cref="DefaultAccessToken"/>).</param>
public sealed class FakeWhatsApp(string phoneNumberId = FakeWhatsApp.DefaultPhoneNumberId, string accessToken = FakeWhatsApp.DefaultAccessToken)
    : FakeProviderServer
{
    /// <summary>The phone number id of the shared fixtures (<c>metadata.phone_number_id</c>).</summary>
    public const string DefaultPhoneNumberId = "106540352242922";

    public const string DefaultAccessToken = "EAAG-fake-whatsapp-access-token";

    /// <summary>The app secret of <c>fixtures/signatures.json</c>.</summary>
    public const string DefaultAppSecret = "linktor_test_app_secret";

    public const string DisplayPhoneNumber = "15550783881";

    public const string VerifiedName = "Linktor Test Shop";

    /// <summary>The header Meta signs webhooks in.</summary>
    public const string SignatureHeader = "X-Hub-Signature-256";

    private readonly ConcurrentQueue<WhatsAppSentMessage> _sent = new();
    private readonly ConcurrentDictionary<string, WhatsAppStoredMedia> _media = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WhatsAppStoredMedia> _publicFiles = new(StringComparer.Ordinal);
    private long _nextId = 1_000_000_000_000_000;

    public string PhoneNumberId { get; } = phoneNumberId;

    public string AccessToken { get; } = accessToken;

    /// <summary>Messages accepted by <c>/messages</c>, in arrival order, with the wamids answered.</summary>
    public IReadOnlyList<WhatsAppSentMessage> Sent => [.. _sent];

    /// <summary>A media file uploaded to <c>/media</c> or added with <see cref="AddMedia"/>; null when unknown.</summary>
    public WhatsAppStoredMedia? Media(string mediaId) => _media.GetValueOrDefault(mediaId);

    /// <summary>Adds inbound media that <c>GET /{version}/{media-id}</c> resolves and the download serves.</summary>
    /// <returns>The media id to put in a webhook's <c>image.id</c>.</returns>
    public string AddMedia(byte[] bytes, string mimeType, string? mediaId = null)
    {
        var id = mediaId ?? NewNumericId();
        _media[id] = new WhatsAppStoredMedia(id, bytes, mimeType);
        return id;
    }

    /// <summary>Serves <paramref name="bytes"/> without auth at <c>/files/{name}</c> (a public media URL to send by link or upload).</summary>
    public Uri AddPublicFile(string name, byte[] bytes, string mimeType)
    {
        _publicFiles[name] = new WhatsAppStoredMedia(name, bytes, mimeType, name);
        return new Uri(BaseUrl, $"files/{Uri.EscapeDataString(name)}");
    }

    // ---------------------------------------------------------------- webhook payloads for tests

    /// <summary>The <c>X-Hub-Signature-256</c> value Meta sends: <c>sha256=</c> + lowercase hex HMAC-SHA256(app secret, body).</summary>
    public static string Signature(byte[] body, string appSecret = DefaultAppSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    /// <summary>Headers of a signed webhook POST (names in lower case, as <c>WebhookRequest.Headers</c> keeps them).</summary>
    public static IReadOnlyDictionary<string, string> SignedHeaders(byte[] body, string appSecret = DefaultAppSecret) =>
        new Dictionary<string, string>
        {
            ["content-type"] = "application/json",
            ["x-hub-signature-256"] = Signature(body, appSecret),
        };

    /// <summary>The query string of Meta's subscription handshake (<c>GET /hooks/{id}?…</c>), without the leading '?'.</summary>
    public static string VerificationQuery(string verifyToken, string challenge = "1158201444") =>
        $"hub.mode=subscribe&hub.challenge={Uri.EscapeDataString(challenge)}&hub.verify_token={Uri.EscapeDataString(verifyToken)}";

    /// <summary>A webhook with one text message from <paramref name="from"/> (wa_id digits) whose id is <paramref name="wamid"/>.</summary>
    public static byte[] InboundText(string phoneNumberId, string from, string wamid, string text, string? name = null, DateTimeOffset? at = null) =>
        Batch(phoneNumberId).Text(from, wamid, text, name, at).Build();

    /// <summary>A webhook with one image message (add the bytes with <see cref="AddMedia"/> under <paramref name="mediaId"/>).</summary>
    public static byte[] InboundImage(
        string phoneNumberId, string from, string wamid, string mediaId, string? caption = null, string mimeType = "image/jpeg", string? name = null, DateTimeOffset? at = null) =>
        Batch(phoneNumberId).Image(from, wamid, mediaId, mimeType, caption, name, at).Build();

    /// <summary>
    /// A webhook with one status (<paramref name="status"/>: sent, delivered, read, failed) of our
    /// message <paramref name="wamid"/>; a failed one takes <paramref name="errorCode"/> (e.g. 131047).
    /// </summary>
    public static byte[] Status(
        string phoneNumberId, string wamid, string status, string recipient, DateTimeOffset? at = null, int? errorCode = null, string? errorTitle = null) =>
        Batch(phoneNumberId).Status(wamid, status, recipient, at, errorCode, errorTitle).Build();

    /// <summary>A builder for a webhook with several messages, statuses, changes and entries.</summary>
    public static WhatsAppWebhookBuilder Batch(string phoneNumberId) => new(phoneNumberId);

    // ---------------------------------------------------------------- faults in Graph's format

    /// <summary>Picks sends only (<c>POST …/messages</c>), for <see cref="FakeProviderServer.InjectFault"/>.</summary>
    public static bool IsSend(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && (request.Path.Value ?? "").EndsWith("/messages", StringComparison.Ordinal);

    /// <summary>A Graph error answer: <c>{"error":{"message":"(#code) …","type","code","error_data":{"details"},"fbtrace_id"}}</c>.</summary>
    public static Fault GraphError(int httpStatus, int code, string message, string? details = null, string type = "OAuthException") =>
        new(httpStatus, ErrorBody(code, message, details, type));

    /// <summary>Throughput exceeded (130429); Meta answers 400 or 429 depending on the version.</summary>
    public static Fault Throttled(TimeSpan? retryAfter = null, int httpStatus = 429)
    {
        var fault = GraphError(httpStatus, 130429, "Rate limit hit", "Cloud API message throughput has been reached.");
        return retryAfter is { } wait
            ? fault with { Headers = new Dictionary<string, string> { ["Retry-After"] = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) } }
            : fault;
    }

    /// <summary>Too many messages to one recipient (131056), as <c>whatsapp_api_error_131056.json</c>.</summary>
    public static Fault PairRateLimited() =>
        GraphError(400, 131056, "(Business Account, Consumer Account) pair rate limit hit",
            "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.");

    /// <summary>Graph briefly down: HTTP 503, code 2.</summary>
    public static Fault Unavailable() => GraphError(503, 2, "Service temporarily unavailable");

    /// <summary>Outside the 24 h window (131047).</summary>
    public static Fault ReplyWindowClosed() =>
        GraphError(400, 131047, "Re-engagement message",
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");

    /// <summary>An expired or wrong token (190), HTTP 401.</summary>
    public static Fault InvalidToken() => new(401, InvalidTokenBody);

    // ---------------------------------------------------------------- the API

    protected override void MapEndpoints(WebApplication app)
    {
        app.MapPost("/{version}/{phoneNumberId}/messages", SendAsync);
        app.MapPost("/{version}/{phoneNumberId}/media", UploadAsync);
        app.MapGet("/whatsapp_business/attachments/", DownloadAsync);
        app.MapGet("/files/{name}", PublicFileAsync);
        app.MapGet("/{version}/{id}", GetNodeAsync);
    }

    private static string InvalidTokenBody =>
        ErrorBody(190, "Invalid OAuth access token - Cannot parse access token", null, "OAuthException", withCodePrefix: false);

    private async Task SendAsync(HttpContext context)
    {
        if (!await AuthorizedAsync(context) || !await KnownNumberAsync(context))
        {
            return;
        }

        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted)).RootElement;
        }
        catch (JsonException)
        {
            await WriteAsync(context, 400, ErrorBody(100, "Invalid parameter", "The request body is not JSON.", "OAuthException"));
            return;
        }

        var type = Field(body, "type") ?? "text";
        if (Field(body, "messaging_product") != "whatsapp"
            || Field(body, "to") is not { Length: > 0 } to
            || !body.TryGetProperty(type, out var payload) || payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            await WriteAsync(context, 400, ErrorBody(100, "Invalid parameter",
                $"messaging_product 'whatsapp', 'to' and a '{type}' object are required.", "OAuthException"));
            return;
        }

        var wamid = "wamid.HBgL" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=');
        _sent.Enqueue(new WhatsAppSentMessage(wamid, PhoneNumberId, to, type, body.Clone()));
        var response = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = new string([.. to.Where(char.IsAsciiDigit)]) }),
            ["messages"] = new JsonArray(new JsonObject { ["id"] = wamid }),
        };
        await WriteAsync(context, 200, response.ToJsonString());
    }

    private async Task UploadAsync(HttpContext context)
    {
        if (!await AuthorizedAsync(context) || !await KnownNumberAsync(context))
        {
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await WriteAsync(context, 400, ErrorBody(100, "Invalid parameter", "A multipart form is required.", "OAuthException"));
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["messaging_product"] != "whatsapp" || form.Files.GetFile("file") is not { } file)
        {
            await WriteAsync(context, 400, ErrorBody(100, "Invalid parameter", "messaging_product 'whatsapp' and 'file' are required.", "OAuthException"));
            return;
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, context.RequestAborted);
        var id = NewNumericId();
        var mimeType = form["type"].ToString() is { Length: > 0 } type ? type : file.ContentType;
        _media[id] = new WhatsAppStoredMedia(id, buffer.ToArray(), mimeType, file.FileName);
        await WriteAsync(context, 200, new JsonObject { ["id"] = id }.ToJsonString());
    }

    /// <summary><c>GET /{version}/{phone_number_id}</c> (identity) or <c>GET /{version}/{media-id}</c> (media URL).</summary>
    private async Task GetNodeAsync(HttpContext context)
    {
        if (!await AuthorizedAsync(context))
        {
            return;
        }

        var id = (string)context.Request.RouteValues["id"]!;
        if (id == PhoneNumberId)
        {
            await WriteAsync(context, 200, new JsonObject
            {
                ["verified_name"] = VerifiedName,
                ["display_phone_number"] = "+1 555-078-3881",
                ["quality_rating"] = "GREEN",
                ["id"] = PhoneNumberId,
            }.ToJsonString());
            return;
        }

        if (!_media.TryGetValue(id, out var media))
        {
            await WriteAsync(context, 400, UnknownObject(id, "get"));
            return;
        }

        await WriteAsync(context, 200, new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["url"] = new Uri(BaseUrl, $"whatsapp_business/attachments/?mid={id}&ext=1749855301&hash=fake").ToString(),
            ["mime_type"] = media.MimeType,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(media.Bytes)),
            ["file_size"] = media.Bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["id"] = id,
        }.ToJsonString());
    }

    /// <summary>The short-lived media URL: the bytes, for the same bearer token only.</summary>
    private async Task DownloadAsync(HttpContext context)
    {
        if (!await AuthorizedAsync(context))
        {
            return;
        }

        if (context.Request.Query["mid"].ToString() is not { Length: > 0 } id || !_media.TryGetValue(id, out var media))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = media.MimeType;
        await context.Response.Body.WriteAsync(media.Bytes, context.RequestAborted);
    }

    private async Task PublicFileAsync(HttpContext context)
    {
        if (!_publicFiles.TryGetValue((string)context.Request.RouteValues["name"]!, out var file))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = file.MimeType;
        await context.Response.Body.WriteAsync(file.Bytes, context.RequestAborted);
    }

    private async Task<bool> AuthorizedAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() == $"Bearer {AccessToken}")
        {
            return true;
        }

        await WriteAsync(context, 401, InvalidTokenBody);
        return false;
    }

    private async Task<bool> KnownNumberAsync(HttpContext context)
    {
        var number = (string)context.Request.RouteValues["phoneNumberId"]!;
        if (number == PhoneNumberId)
        {
            return true;
        }

        await WriteAsync(context, 400, UnknownObject(number, "post"));
        return false;
    }

    private static string UnknownObject(string id, string verb) => ErrorBody(100,
        $"Unsupported {verb} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
        null, "GraphMethodException", withCodePrefix: false);

    private static string ErrorBody(int code, string message, string? details, string type, bool withCodePrefix = true)
    {
        var error = new JsonObject
        {
            ["message"] = withCodePrefix ? $"(#{code}) {message}" : message,
            ["type"] = type,
            ["code"] = code,
        };
        if (details is not null)
        {
            error["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details };
        }

        error["fbtrace_id"] = "AFakeTrace" + code;
        return new JsonObject { ["error"] = error }.ToJsonString();
    }

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    private static string? Field(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private string NewNumericId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
