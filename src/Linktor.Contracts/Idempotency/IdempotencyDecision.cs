namespace Linktor.Contracts.Idempotency;

public enum IdempotencyOutcome
{
    /// <summary>First use of the key: run the request, then complete it.</summary>
    Proceed,

    /// <summary>The key's request finished before: answer its stored response.</summary>
    Replay,

    /// <summary>The key's request is running right now.</summary>
    InProgress,

    /// <summary>The key was used for a different request.</summary>
    Mismatch,
}

/// <summary>What to do with a request carrying an <c>Idempotency-Key</c>.</summary>
[GenerateSerializer, Immutable, Alias("Linktor.IdempotencyDecision")]
public sealed record IdempotencyDecision(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] StoredResponse? Response = null);
