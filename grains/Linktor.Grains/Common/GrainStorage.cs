namespace Linktor.Grains.Common;

/// <summary>The grain storage provider (AdoNet on PostgreSQL) all Linktor grains persist to.</summary>
public static class GrainStorage
{
    public const string Name = "linktor";

    /// <summary>The AdoNet provider itself, which <see cref="Name"/> wraps (Hosting.DatabaseUnavailableGrainStorage).</summary>
    public const string AdoNetName = "linktor-adonet";
}
