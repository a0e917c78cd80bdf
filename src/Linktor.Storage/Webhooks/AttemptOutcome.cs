namespace Linktor.Storage.Webhooks;

/// <summary>
/// What one attempt got. A success finishes the delivery; a failure schedules the next attempt at
/// <see cref="RetryAt"/>, or fails the delivery for good when it is null.
/// </summary>
public sealed record AttemptOutcome(
    DateTimeOffset AttemptedAt,
    TimeSpan Duration,
    int? ResponseStatus,
    string? Error,
    bool Succeeded,
    DateTimeOffset? RetryAt);
