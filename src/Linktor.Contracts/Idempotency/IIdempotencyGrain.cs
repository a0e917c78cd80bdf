namespace Linktor.Contracts.Idempotency;

/// <summary>
/// One idempotency key of one tenant (key: <c>{tenant}/{idempotency key}</c>). Being one activation
/// per key, it serializes racing retries; completed responses are kept for 24 hours.
/// </summary>
[Alias("Linktor.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <param name="fingerprint">Method, route and body of the request: a key reused for another request is refused.</param>
    [Alias("Begin")]
    Task<IdempotencyDecision> BeginAsync(string fingerprint);

    [Alias("Complete")]
    Task CompleteAsync(string fingerprint, StoredResponse response);

    /// <summary>The request failed in a way worth retrying (5xx, exception): the key is free again.</summary>
    [Alias("Abandon")]
    Task AbandonAsync(string fingerprint);
}
