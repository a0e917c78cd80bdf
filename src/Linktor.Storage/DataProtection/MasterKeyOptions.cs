namespace Linktor.Storage.DataProtection;

/// <summary><c>Linktor:Secrets</c>: the master key that encrypts the Data Protection key ring at rest.</summary>
public sealed class MasterKeyOptions
{
    public const string SectionName = "Linktor:Secrets";

    /// <summary>32 random bytes, base64 (<c>openssl rand -base64 32</c>). Keep it out of the database and its backups.</summary>
    public string? MasterKey { get; set; }

    /// <summary>The key's bytes; null when none is configured. Throws when it is configured but not 32 bytes of base64.</summary>
    public byte[]? KeyBytes()
    {
        if (string.IsNullOrWhiteSpace(MasterKey))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(MasterKey.Trim());
        }
        catch (FormatException)
        {
            bytes = [];
        }

        return bytes.Length == 32
            ? bytes
            : throw new InvalidOperationException($"{SectionName}:MasterKey must be 32 bytes in base64 (openssl rand -base64 32).");
    }
}
