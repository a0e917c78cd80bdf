namespace Linktor.Bench.Baseline;

/// <summary>The baseline's settings (section <c>Baseline</c>).</summary>
public sealed class BaselineOptions
{
    public const string SectionName = "Baseline";

    /// <summary>Npgsql connection string of the baseline's own database.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The key that may create tenants (as Linktor's platform key does).</summary>
    public string PlatformKey { get; set; } = "";
}
