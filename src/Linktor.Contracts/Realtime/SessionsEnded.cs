namespace Linktor.Contracts.Realtime;

/// <summary>
/// Agent sessions that were just revoked: every API node closes the inbox connections they opened. Either one
/// session (<see cref="SessionId"/>), or every session of the user but <see cref="Except"/> (disable, delete,
/// password change, which keeps the session that changed it).
/// </summary>
[GenerateSerializer, Immutable, Alias("Linktor.SessionsEnded")]
public sealed record SessionsEnded(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] Guid? SessionId,
    [property: Id(2)] Guid? Except)
{
    /// <summary>The event's name; never sent to clients.</summary>
    public const string EventName = "sessions.ended";

    public static SessionsEnded One(Guid userId, Guid sessionId) => new(userId, sessionId, null);

    public static SessionsEnded AllOf(Guid userId, Guid? except = null) => new(userId, null, except);

    public bool Covers(Guid userId, Guid sessionId) =>
        userId == UserId && (SessionId is { } one ? one == sessionId : sessionId != Except);
}
