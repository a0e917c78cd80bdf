using System.ComponentModel.DataAnnotations;

namespace Linktor.Storage.Hosting;

/// <summary><c>Linktor:Postgres</c>: the database and how the message store writes to it.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Linktor:Postgres";

    [Required]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The most messages one group-commit statement carries.</summary>
    [Range(1, 5000)]
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>How many group-commit batches may be in flight at once.</summary>
    [Range(1, 64)]
    public int WriterConcurrency { get; set; } = 4;

    /// <summary>Apply migrations at start-up (under an advisory lock; safe with many nodes).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
