namespace Linktor.Contracts.Common;

/// <summary>
/// A request the receiving grain deduplicates on its key: the same key is stored once, and a repeat answers what
/// the first one stored. See <see cref="IdempotentAttribute.WhenKeyed"/>.
/// </summary>
public interface IKeyedRequest
{
    /// <summary>The key, unique per tenant; null when the request has none (it is then not safe to repeat).</summary>
    string? IdempotencyKey { get; }
}
