namespace Linktor.Storage.Retention;

/// <summary>
/// How long a tenant keeps its messages (with their status history and attachments) and, separately, attachments
/// alone, in days; null keeps them forever (the default).
/// </summary>
public sealed record RetentionPolicy(int? MessagesDays, int? MediaDays)
{
    public const int MaxDays = 36500;

    public static readonly RetentionPolicy KeepForever = new(null, null);
}
