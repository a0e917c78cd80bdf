using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Linktor.Testing.FakeProviders;

/// <summary>
/// The Telegram Bot API for one bot: <c>POST /bot{token}/{method}</c> (JSON, form or query
/// parameters) answering <c>{"ok":true,"result":…}</c> or <c>{"ok":false,"error_code":…,"description":…}</c>,
/// and file downloads at <c>GET /file/bot{token}/{file_path}</c>. A wrong token gets Telegram's 401.
/// Message ids count up per chat from 100. Faults in Telegram's format: <see cref="FloodWait"/>,
/// <see cref="Blocked"/>, <see cref="ChatNotFound"/>, <see cref="ChatMigrated"/>, <see cref="ServerError"/>;
/// webhook payload builders are in <c>FakeTelegram.Updates.cs</c>.
/// </summary>
/// <param name="botToken">The only token the fake accepts, e.g. <see cref="DefaultBotToken"/>.</param>
public sealed partial class FakeTelegram(string botToken) : FakeProviderServer
{
    /// <summary>A token in the real format (bot id 7123456789).</summary>
    public const string DefaultBotToken = "7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";

    private readonly ConcurrentDictionary<long, long> _lastMessageIds = new();
    private readonly ConcurrentDictionary<string, (string FilePath, byte[] Content)> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, bool> _blockedChats = new();
    private readonly ConcurrentQueue<string> _answeredCallbackQueries = new();
    private readonly Lock _webhookLock = new();
    private (string? Url, string? SecretToken, IReadOnlyList<string> AllowedUpdates) _webhook = (null, null, []);
    private volatile Tuple<string, DateTimeOffset>? _webhookError;
    private int _nextFile;

    public FakeTelegram()
        : this(DefaultBotToken)
    {
    }

    public string BotToken => botToken;

    /// <summary>The bot's user id: the token's part before the colon.</summary>
    public long BotId => long.TryParse(botToken.Split(':')[0], CultureInfo.InvariantCulture, out var id) ? id : 1;

    public string BotUsername { get; init; } = "linktor_fake_bot";

    public string BotFirstName { get; init; } = "Linktor Fake";

    /// <summary>The URL of the last <c>setWebhook</c> (null before one, or after <c>deleteWebhook</c>).</summary>
    public string? WebhookUrl
    {
        get { lock (_webhookLock) { return _webhook.Url; } }
    }

    /// <summary>The <c>secret_token</c> of the last <c>setWebhook</c>: what Telegram would send in <see cref="SecretHeaderName"/>.</summary>
    public string? WebhookSecretToken
    {
        get { lock (_webhookLock) { return _webhook.SecretToken; } }
    }

    /// <summary>The <c>allowed_updates</c> of the last <c>setWebhook</c>.</summary>
    public IReadOnlyList<string> WebhookAllowedUpdates
    {
        get { lock (_webhookLock) { return _webhook.AllowedUpdates; } }
    }

    /// <summary>The ids given to <c>answerCallbackQuery</c>, in order.</summary>
    public IReadOnlyList<string> AnsweredCallbackQueries => [.. _answeredCallbackQueries];

    /// <summary>The accepted calls of one Bot API method (e.g. "sendMessage"), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Calls(string method) => Accepted($"/{method}");

    /// <summary>Makes <paramref name="fileId"/> resolvable by <c>getFile</c> and downloadable at <c>file/bot{token}/{filePath}</c>.</summary>
    public void AddFile(string fileId, string filePath, byte[] content) => _files[fileId] = (filePath, content);

    /// <summary>Forgets a file, as Telegram's file links and other providers' media ids lapse: getFile answers 400 for it.</summary>
    public void RemoveFile(string fileId) => _files.TryRemove(fileId, out _);

    /// <summary>Makes <c>getWebhookInfo</c> report Telegram's last failed delivery to the webhook (e.g. "Wrong response from the webhook: 500").</summary>
    public void ReportWebhookError(string message, DateTimeOffset at) => _webhookError = Tuple.Create(message, at);

    /// <summary>From now on every send to <paramref name="chatId"/> answers 403 "bot was blocked by the user".</summary>
    public void BlockChat(long chatId) => _blockedChats[chatId] = true;

    /// <summary>Flood control: 429 with <c>parameters.retry_after</c> and the <c>Retry-After</c> header, as the real server sends.</summary>
    public static Fault FloodWait(int retryAfterSeconds) =>
        new(429, Error(429, $"Too Many Requests: retry after {retryAfterSeconds}", new JsonObject { ["retry_after"] = retryAfterSeconds }))
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) },
        };

    /// <summary>403 "Forbidden: bot was blocked by the user" (permanent for that chat).</summary>
    public static Fault Blocked() => new(403, Error(403, "Forbidden: bot was blocked by the user"));

    /// <summary>400 "Bad Request: chat not found".</summary>
    public static Fault ChatNotFound() => new(400, Error(400, "Bad Request: chat not found"));

    /// <summary>400 for a group that became a supergroup, with <c>parameters.migrate_to_chat_id</c>.</summary>
    public static Fault ChatMigrated(long newChatId) =>
        new(400, Error(400, "Bad Request: group chat was upgraded to a supergroup chat", new JsonObject { ["migrate_to_chat_id"] = newChatId }));

    /// <summary>A server-side failure in Telegram's format (default 502 Bad Gateway).</summary>
    public static Fault ServerError(int statusCode = 502) => new(statusCode, Error(statusCode, "Bad Gateway"));

    /// <summary>Picks the requests of one Bot API method, for <see cref="FakeProviderServer.InjectFault"/>'s <c>applies</c>.</summary>
    public static Func<HttpRequest, bool> ForMethod(string method) =>
        request => request.Path.Value?.EndsWith($"/{method}", StringComparison.Ordinal) == true;

    protected override void MapEndpoints(WebApplication app)
    {
        app.MapMethods("/{bot}/{method}", ["GET", "POST"], (HttpContext context, string bot, string method) => CallAsync(context, bot, method));
        app.MapGet("/file/{bot}/{**path}", (string bot, string path) => Download(bot, path));
    }

    private async Task<IResult> CallAsync(HttpContext context, string bot, string method)
    {
        if (bot != $"bot{botToken}")
        {
            return Answer(401, Error(401, "Unauthorized"));
        }

        var parameters = await ParametersAsync(context.Request);
        return method switch
        {
            "getMe" => Ok(new JsonObject
            {
                ["id"] = BotId, ["is_bot"] = true, ["first_name"] = BotFirstName, ["username"] = BotUsername,
                ["can_join_groups"] = true, ["can_read_all_group_messages"] = false, ["supports_inline_queries"] = false,
            }),
            "setWebhook" => SetWebhook(parameters),
            "deleteWebhook" => DeleteWebhook(),
            "getWebhookInfo" => GetWebhookInfo(),
            "answerCallbackQuery" => AnswerCallbackQuery(parameters),
            "getFile" => GetFile(parameters),
            "setMessageReaction" => WithChat(parameters, _ => parameters.ContainsKey("message_id")
                ? Ok(true)
                : Answer(400, Error(400, "Bad Request: message identifier is not specified"))),
            "sendMessage" => WithChat(parameters, chatId => Text(parameters) switch
            {
                null or "" => Answer(400, Error(400, "Bad Request: message text is empty")),
                { Length: > 4096 } => Answer(400, Error(400, "Bad Request: message is too long")),
                var text => Ok(Message(chatId, parameters, new JsonObject { ["text"] = text })),
            }),
            "sendPhoto" => SendMedia(parameters, "photo"),
            "sendVideo" => SendMedia(parameters, "video"),
            "sendAudio" => SendMedia(parameters, "audio"),
            "sendVoice" => SendMedia(parameters, "voice"),
            "sendDocument" => SendMedia(parameters, "document"),
            "sendSticker" => SendMedia(parameters, "sticker"),
            "sendAnimation" => SendMedia(parameters, "animation"),
            "sendLocation" => WithChat(parameters, chatId => Ok(Message(chatId, parameters, new JsonObject
            {
                ["location"] = new JsonObject { ["latitude"] = parameters["latitude"]?.DeepClone(), ["longitude"] = parameters["longitude"]?.DeepClone() },
            }))),
            "sendVenue" => WithChat(parameters, chatId => Ok(Message(chatId, parameters, new JsonObject
            {
                ["venue"] = new JsonObject
                {
                    ["location"] = new JsonObject { ["latitude"] = parameters["latitude"]?.DeepClone(), ["longitude"] = parameters["longitude"]?.DeepClone() },
                    ["title"] = parameters["title"]?.DeepClone(),
                    ["address"] = parameters["address"]?.DeepClone(),
                },
            }))),
            "sendContact" => WithChat(parameters, chatId => Ok(Message(chatId, parameters, new JsonObject
            {
                ["contact"] = new JsonObject { ["phone_number"] = parameters["phone_number"]?.DeepClone(), ["first_name"] = parameters["first_name"]?.DeepClone() },
            }))),
            _ => Answer(404, Error(404, "Not Found")),
        };
    }

    private IResult SetWebhook(JsonObject parameters)
    {
        var secret = parameters["secret_token"]?.ToString();
        if (secret is not null && (secret.Length is 0 or > 256 || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            return Answer(400, Error(400, "Bad Request: secret token contains unallowed characters"));
        }

        var allowed = parameters["allowed_updates"] switch
        {
            JsonArray array => array.Select(kind => kind?.ToString() ?? "").ToList(),
            JsonValue value when value.ToString() is { Length: > 0 } text => JsonSerializer.Deserialize<List<string>>(text) ?? [],
            _ => [],
        };
        lock (_webhookLock)
        {
            _webhook = (parameters["url"]?.ToString(), secret, allowed);
        }

        return Ok(true, "Webhook was set");
    }

    private IResult GetWebhookInfo()
    {
        var info = new JsonObject { ["url"] = WebhookUrl ?? "", ["has_custom_certificate"] = false, ["pending_update_count"] = 0 };
        if (_webhookError is { } error)
        {
            info["last_error_date"] = error.Item2.ToUnixTimeSeconds();
            info["last_error_message"] = error.Item1;
        }

        return Ok(info);
    }

    private IResult DeleteWebhook()
    {
        lock (_webhookLock)
        {
            _webhook = (null, null, []);
        }

        return Ok(true, "Webhook was deleted");
    }

    private IResult AnswerCallbackQuery(JsonObject parameters)
    {
        if (parameters["callback_query_id"]?.ToString() is not { Length: > 0 } id)
        {
            return Answer(400, Error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid"));
        }

        _answeredCallbackQueries.Enqueue(id);
        return Ok(true);
    }

    private IResult GetFile(JsonObject parameters)
    {
        var fileId = parameters["file_id"]?.ToString() ?? "";
        return _files.TryGetValue(fileId, out var file)
            ? Ok(new JsonObject
            {
                ["file_id"] = fileId,
                ["file_unique_id"] = $"U{Math.Abs(fileId.GetHashCode(StringComparison.Ordinal))}",
                ["file_size"] = file.Content.Length,
                ["file_path"] = file.FilePath,
            })
            : Answer(400, Error(400, "Bad Request: invalid file_id"));
    }

    private IResult Download(string bot, string path)
    {
        var file = _files.Values.FirstOrDefault(f => f.FilePath == path);
        return bot == $"bot{botToken}" && file.Content is not null
            ? Results.Bytes(file.Content, ContentTypeOf(path))
            : Answer(404, Error(404, "Not Found"));
    }

    private IResult SendMedia(JsonObject parameters, string field) => WithChat(parameters, chatId =>
    {
        if (parameters[field]?.ToString() is not { Length: > 0 } file)
        {
            return Answer(400, Error(400, $"Bad Request: there is no {field} in the request"));
        }

        // A URL is fetched and stored by Telegram, which answers with its own file id.
        var fileId = Uri.TryCreate(file, UriKind.Absolute, out _) ? $"FAKE{field}{Interlocked.Increment(ref _nextFile)}" : file;
        var media = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = $"U{fileId}" };
        var content = new JsonObject { [field] = field == "photo" ? new JsonArray(media) : media };
        if (parameters["caption"]?.ToString() is { } caption)
        {
            content["caption"] = caption;
        }

        return Ok(Message(chatId, parameters, content));
    });

    /// <summary>Runs <paramref name="send"/> for a valid, unblocked <c>chat_id</c>.</summary>
    private IResult WithChat(JsonObject parameters, Func<long, IResult> send)
    {
        if (!long.TryParse(parameters["chat_id"]?.ToString(), CultureInfo.InvariantCulture, out var chatId))
        {
            return Answer(400, Error(400, parameters["chat_id"] is null ? "Bad Request: chat_id is empty" : "Bad Request: chat not found"));
        }

        return _blockedChats.ContainsKey(chatId) ? Answer(403, Error(403, "Forbidden: bot was blocked by the user")) : send(chatId);
    }

    /// <summary>The Message a send returns: a new per-chat message id, the bot as sender, the chat, now.</summary>
    private JsonObject Message(long chatId, JsonObject parameters, JsonObject content)
    {
        var message = new JsonObject
        {
            ["message_id"] = _lastMessageIds.AddOrUpdate(chatId, 100, (_, last) => last + 1),
            ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = BotFirstName, ["username"] = BotUsername },
            ["chat"] = chatId > 0
                ? new JsonObject { ["id"] = chatId, ["first_name"] = "Ana", ["type"] = "private" }
                : new JsonObject { ["id"] = chatId, ["title"] = "Fake group", ["type"] = "supergroup" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        foreach (var (key, value) in content)
        {
            message[key] = value?.DeepClone();
        }

        if (parameters["reply_markup"] is JsonObject markup)
        {
            message["reply_markup"] = markup.DeepClone();
        }

        return message;
    }

    /// <summary>Parameters as Telegram takes them: a JSON object, or form fields, plus the query string.</summary>
    private static async Task<JsonObject> ParametersAsync(HttpRequest request)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            parameters[key] = value.ToString();
        }

        if (request.HasJsonContentType())
        {
            if (await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) is JsonObject json)
            {
                foreach (var (key, value) in json)
                {
                    parameters[key] = value?.DeepClone();
                }
            }
        }
        else if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync(request.HttpContext.RequestAborted))
            {
                // Form fields hold JSON-serialized objects (reply_markup, reaction), as Telegram reads them.
                var text = value.ToString();
                parameters[key] = text.StartsWith('{') || text.StartsWith('[') ? JsonNode.Parse(text) : text;
            }
        }

        return parameters;
    }

    private static string? Text(JsonObject parameters) => parameters["text"]?.ToString();

    private static IResult Ok(JsonNode result, string? description = null)
    {
        var body = new JsonObject { ["ok"] = true, ["result"] = result };
        if (description is not null)
        {
            body["description"] = description;
        }

        return Answer(200, body.ToJsonString());
    }

    private static IResult Answer(int status, string body) => Results.Text(body, "application/json", statusCode: status);

    private static string Error(int code, string description, JsonObject? parameters = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (parameters is not null)
        {
            body["parameters"] = parameters;
        }

        return body.ToJsonString();
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".mp4" => "video/mp4",
        ".oga" or ".ogg" => "audio/ogg",
        ".pdf" => "application/pdf",
        _ => "application/octet-stream",
    };
}
