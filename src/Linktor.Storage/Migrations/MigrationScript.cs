namespace Linktor.Storage.Migrations;

/// <summary>One embedded <c>Migrations/*.sql</c> file.</summary>
/// <param name="Version">The file name without <c>.sql</c>, e.g. <c>0001_orleans</c>; the key in <c>schema_migrations</c>.</param>
/// <param name="FileName">The file name, e.g. <c>0001_orleans.sql</c>.</param>
/// <param name="Sql">The script text (line endings normalised to LF).</param>
/// <param name="Checksum">Lower-case hex SHA-256 of <paramref name="Sql"/> as UTF-8.</param>
public sealed record MigrationScript(string Version, string FileName, string Sql, string Checksum);
