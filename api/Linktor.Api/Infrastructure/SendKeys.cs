namespace Linktor.Api.Infrastructure;

/// <summary>
/// The idempotency key a send is stored under (<c>messages.idempotency_key</c>, unique per tenant, never shown). Every
/// send has one, so that a send lost with its silo is always safe to make again (the conversation stores a key once):
/// the client's own, or, when it gave none, a fresh internal one. Internal keys begin with <c>~auto:</c>; a client key
/// that begins with <c>~</c> is stored with one more <c>~</c> in front, so no client key can ever be stored as an
/// internal one (or as another client's escaped one).
/// </summary>
public static class SendKeys
{
    private const char Reserved = '~';
    private const string InternalPrefix = "~auto:";

    /// <summary>The stored key for a send with <paramref name="clientKey"/> (null: none given, a new internal key).</summary>
    public static string Stored(string? clientKey) => clientKey switch
    {
        null => InternalPrefix + Guid.CreateVersion7().ToString("N"),
        [Reserved, ..] => Reserved + clientKey,
        _ => clientKey,
    };
}
