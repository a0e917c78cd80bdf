namespace Linktor.Storage.Migrations;

/// <summary>An applied migration's file no longer matches what was applied.</summary>
public sealed class MigrationChecksumException(string fileName, string appliedChecksum, string currentChecksum)
    : InvalidOperationException(
        $"Migration {fileName} was changed after it was applied to this database " +
        $"(applied checksum {appliedChecksum}, embedded checksum {currentChecksum}). " +
        "Applied migrations are immutable: restore the file and add a new migration for the change.")
{
    /// <summary>The migration's file name, e.g. <c>0001_orleans.sql</c>.</summary>
    public string FileName { get; } = fileName;
}
