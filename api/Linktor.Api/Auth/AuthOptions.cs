using System.ComponentModel.DataAnnotations;

namespace Linktor.Api.Auth;

/// <summary><c>Linktor:Auth</c>: how agent tokens are signed and how long they live.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Linktor:Auth";

    /// <summary>HMAC key for access and visitor tokens (≥ 32 chars). Generated and kept in PostgreSQL when empty.</summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "linktor";

    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", MinimumIsExclusive = true)]
    public TimeSpan VisitorTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Failed sign-ins of one account in a row before it is locked (answering 429 with Retry-After).</summary>
    [Range(1, 100)]
    public int LoginFailuresBeforeLock { get; set; } = 5;

    /// <summary>The first lock; each further failure after a lock doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LoginLock { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest lock.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxLoginLock { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The rules between settings, and a configured key's length (each setting's own range is on it).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(SigningKey) && SigningKey.Length < 32)
        {
            yield return new("Linktor:Auth:SigningKey must be at least 32 characters.", [nameof(SigningKey)]);
        }

        if (MaxLoginLock < LoginLock)
        {
            yield return new("Linktor:Auth:LoginLock must be at least 1 s, MaxLoginLock at least LoginLock and at most 1 day.", [nameof(MaxLoginLock)]);
        }
    }
}
