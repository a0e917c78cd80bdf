namespace Linktor.Storage.Webhooks;

/// <summary>One logged POST of a delivery: what the endpoint answered, or why there was no answer.</summary>
public sealed record WebhookAttempt(int Attempt, DateTimeOffset AttemptedAt, int? ResponseStatus, string? Error, int DurationMs);
