namespace Linktor.Api.Auth;

/// <summary><c>Linktor:Auth</c>: how agent tokens are signed and how long they live.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Linktor:Auth";

    /// <summary>HMAC key for access and visitor tokens (≥ 32 chars). Generated and kept in PostgreSQL when empty.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "linktor";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan VisitorTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Failed sign-ins of one account in a row before it is locked (answering 429 with Retry-After).</summary>
    public int LoginFailuresBeforeLock { get; set; } = 5;

    /// <summary>The first lock; each further failure after a lock doubles it.</summary>
    public TimeSpan LoginLock { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest lock.</summary>
    public TimeSpan MaxLoginLock { get; set; } = TimeSpan.FromMinutes(15);
}
