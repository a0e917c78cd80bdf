namespace Linktor.Adapters;

/// <summary>
/// An adapter's judgement of a webhook call: read its events, answer a handshake directly, or refuse
/// it (401 no or bad credentials, 403 a signature that does not match, 404 not a webhook channel).
/// </summary>
public sealed record WebhookVerdict
{
    public required bool Accepted { get; init; }

    public int StatusCode { get; init; } = 200;

    /// <summary>A handshake's answer body; null for an accepted event delivery.</summary>
    public string? Body { get; init; }

    public string? ContentType { get; init; }

    public string? Reason { get; init; }

    public static WebhookVerdict Accept() => new() { Accepted = true };

    /// <summary>Answers the call directly, storing nothing (a verification handshake).</summary>
    public static WebhookVerdict Respond(string body, string contentType = "text/plain") =>
        new() { Accepted = false, StatusCode = 200, Body = body, ContentType = contentType };

    public static WebhookVerdict Unauthorized(string reason) => new() { Accepted = false, StatusCode = 401, Reason = reason };

    public static WebhookVerdict Forbidden(string reason) => new() { Accepted = false, StatusCode = 403, Reason = reason };

    public static WebhookVerdict NotFound(string reason) => new() { Accepted = false, StatusCode = 404, Reason = reason };
}
