using Linktor.Contracts.Messages;

namespace Linktor.Adapters;

/// <summary>How a send went: accepted (with the provider's id), worth retrying, or refused for good.</summary>
public sealed record SendResult
{
    public required SendOutcome Outcome { get; init; }

    public string? ExternalId { get; init; }

    public MessageError? Error { get; init; }

    /// <summary>The provider's own wait before retrying (<c>Retry-After</c>, Telegram's <c>retry_after</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static SendResult Sent(string? externalId) => new() { Outcome = SendOutcome.Sent, ExternalId = externalId };

    public static SendResult Retryable(string code, string message, TimeSpan? retryAfter = null) =>
        new() { Outcome = SendOutcome.Retryable, Error = new MessageError(code, message), RetryAfter = retryAfter };

    public static SendResult Permanent(string code, string message) =>
        new() { Outcome = SendOutcome.Permanent, Error = new MessageError(code, message) };
}
