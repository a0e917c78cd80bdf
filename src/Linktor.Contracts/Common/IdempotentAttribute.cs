namespace Linktor.Contracts.Common;

/// <summary>
/// Calling the method twice has the effect of calling it once (a read, a find-or-create, or a write the grain
/// deduplicates). A call of such a method that was lost with its silo is sent again instead of failing the request
/// that made it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class IdempotentAttribute : Attribute
{
    /// <summary>
    /// Only when the call carries an idempotency key: an argument that is an <see cref="IKeyedRequest"/> with a key,
    /// which the grain stores once (a second call with it answers the first one's result). Without a key, a second
    /// call would do it twice.
    /// </summary>
    public bool WhenKeyed { get; init; }
}
