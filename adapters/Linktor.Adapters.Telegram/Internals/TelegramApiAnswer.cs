using System.Net;
using System.Text.Json;

namespace Linktor.Adapters.Telegram.Internals;

/// <summary>
/// A Bot API answer: <c>{"ok":true,"result":…}</c> or
/// <c>{"ok":false,"error_code":N,"description":"…","parameters":{"retry_after":N,"migrate_to_chat_id":N}}</c>.
/// A body that is not that shape (a proxy's error page) is read from the HTTP status.
/// </summary>
internal sealed record TelegramApiAnswer(
    bool Ok,
    JsonElement Result,
    int ErrorCode,
    string Description,
    TimeSpan? RetryAfter,
    long? MigrateToChatId)
{
    /// <summary>"Telegram 403: Forbidden: bot was blocked by the user".</summary>
    public string ErrorText => $"Telegram {ErrorCode}: {Description}";

    public static async Task<TelegramApiAnswer> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        var status = (int)response.StatusCode;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.Child("ok") is { ValueKind: JsonValueKind.True or JsonValueKind.False } ok)
            {
                var parameters = root.Child("parameters");
                return new TelegramApiAnswer(
                    ok.ValueKind == JsonValueKind.True && response.IsSuccessStatusCode,
                    root.Child("result")?.Clone() ?? default,
                    (int?)root.Integer("error_code") ?? status,
                    root.Text("description") ?? response.ReasonPhrase ?? "",
                    parameters?.Integer("retry_after") is { } seconds ? TimeSpan.FromSeconds(seconds) : ProviderHttp.RetryAfter(response),
                    parameters?.Integer("migrate_to_chat_id"));
            }
        }
        catch (JsonException)
        {
            // Not the Bot API's JSON: described by the HTTP status below.
        }

        return new TelegramApiAnswer(
            false,
            default,
            status,
            response.ReasonPhrase ?? ((HttpStatusCode)status).ToString(),
            ProviderHttp.RetryAfter(response),
            null);
    }
}
