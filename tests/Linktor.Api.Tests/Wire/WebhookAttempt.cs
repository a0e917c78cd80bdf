namespace Linktor.Api.Tests.Wire;

/// <summary>One logged attempt of a webhook delivery.</summary>
public sealed record WebhookAttempt(int Attempt, DateTimeOffset AttemptedAt, int? ResponseStatus, string? Error, int DurationMs);
