using System.Net;
using System.Text.Json;

namespace Linktor.Adapters.Twilio.Internals;

/// <summary>Twilio's REST error answer, <c>{"code":21610,"message":"…","more_info":"…","status":400}</c>.</summary>
internal sealed record TwilioApiError(HttpStatusCode Status, int? Code, string Text)
{
    private const int MaxQuotedBody = 200;
    private const int TooManyRequestsCode = 20429;

    public static TwilioApiError Read(HttpStatusCode status, string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            int? code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (code is not null || message is not null)
            {
                return new(status, code, code is null ? $"Twilio HTTP {(int)status}: {message}" : $"Twilio {code}: {message}");
            }
        }
        catch (JsonException)
        {
            // Not Twilio's JSON (a proxy's error page): quote what came instead.
        }

        var quoted = body.Length > MaxQuotedBody ? body[..MaxQuotedBody] + "…" : body;
        return new(status, null, $"Twilio HTTP {(int)status}: {(quoted.Length > 0 ? quoted : status.ToString())}");
    }

    /// <summary>
    /// 429 / 20429 and 5xx are "not now" (Twilio never processed the request); a known code decides
    /// the rest; an unknown 4xx is permanent, since sending the same request again gets the same answer.
    /// </summary>
    public SendResult ToSendResult(TimeSpan? retryAfter)
    {
        if (Status == HttpStatusCode.TooManyRequests || Code == TooManyRequestsCode)
        {
            return SendResult.Retryable("rate_limited", Text, retryAfter);
        }

        if (ProviderHttp.IsTransient(Status))
        {
            return SendResult.Retryable("provider_unavailable", Text, retryAfter);
        }

        var known = Code is { } code ? TwilioErrorCodes.Find(code) : null;
        if (known is not null)
        {
            return known.Retryable ? SendResult.Retryable(known.LinktorCode, Text, retryAfter) : SendResult.Permanent(known.LinktorCode, Text);
        }

        return Status == HttpStatusCode.Unauthorized
            ? SendResult.Permanent("auth_failed", Text)
            : SendResult.Permanent("provider_error", Text);
    }
}
