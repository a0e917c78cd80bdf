namespace Linktor.Storage.Tenants;

/// <summary>
/// What spending a refresh token did: <see cref="Rotated"/> to a successor, or refused; a refused replay of a spent
/// token <see cref="EndedSession"/> (its whole session revoked, whose open connections must close).
/// </summary>
public sealed record RefreshRotation(Guid SessionId, Guid UserId, bool Rotated, bool EndedSession);
