using System.ComponentModel.DataAnnotations;

namespace Linktor.Storage.DataProtection;

/// <summary><c>Linktor:Secrets</c>: the master key that encrypts the Data Protection key ring at rest.</summary>
public sealed class MasterKeyOptions : IValidatableObject
{
    public const string SectionName = "Linktor:Secrets";

    /// <summary>32 random bytes, base64 (<c>openssl rand -base64 32</c>). Keep it out of the database and its backups.</summary>
    public string? MasterKey { get; set; }

    /// <summary>The key's bytes; null when none is configured. Throws when it is configured but not 32 bytes of base64.</summary>
    public byte[]? KeyBytes() =>
        ParsedKey(out var bytes) ? bytes : throw new InvalidOperationException(NotAKey);

    /// <summary>A configured key that is not 32 bytes of base64 stops the node at start, not at its first encryption.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ParsedKey(out _) ? [] : [new ValidationResult(NotAKey, [nameof(MasterKey)])];

    private static string NotAKey => $"{SectionName}:MasterKey must be 32 bytes in base64 (openssl rand -base64 32).";

    /// <summary>False when a key is configured but is not 32 bytes of base64; <paramref name="bytes"/> null when none is.</summary>
    private bool ParsedKey(out byte[]? bytes)
    {
        bytes = null;
        if (string.IsNullOrWhiteSpace(MasterKey))
        {
            return true;
        }

        try
        {
            bytes = Convert.FromBase64String(MasterKey.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return bytes.Length == 32;
    }
}
