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

    /// <summary>The provider may or may not have the message: see <see cref="SendOutcome.Unknown"/>.</summary>
    public static SendResult Unknown(string code, string message) =>
        new() { Outcome = SendOutcome.Unknown, Error = new MessageError(code, message) };

    public static SendResult Permanent(string code, string message) =>
        new() { Outcome = SendOutcome.Permanent, Error = new MessageError(code, message) };
}
