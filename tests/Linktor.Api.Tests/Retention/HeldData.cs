using System.Text;
using Npgsql;

namespace Linktor.Api.Tests.Retention;

/// <summary>
/// Where a person's data is held: every column of every table of the schema (enumerated, so a table added later is
/// covered too) searched for their ids and texts — uuid columns by value, text and JSON columns by substring, bytea
/// (grain state) by the ids' bytes and texts — and every file of the media store.
/// </summary>
internal static class HeldData
{
    /// <summary>"table.column" for every place that holds one of <paramref name="ids"/> or <paramref name="texts"/>.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(
        NpgsqlDataSource db, IReadOnlyCollection<Guid> ids, IReadOnlyCollection<string> texts, params string[] exceptTables)
    {
        var patterns = ids.SelectMany(id => new[] { id.ToString(), id.ToString("N") }).Concat(texts).ToArray();
        var likes = patterns.Select(p => $"%{p}%").ToArray();
        var bytes = patterns.Select(Encoding.UTF8.GetBytes).Concat(ids.Select(id => id.ToByteArray())).ToArray();
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var list = db.CreateCommand("""
            SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            """))
        await using (var r = await list.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                columns.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
            }
        }

        var found = new List<string>();
        foreach (var (table, column, type) in columns.Where(c => !exceptTables.Contains(c.Table)))
        {
            var (condition, value) = type switch
            {
                "uuid" => ($"\"{column}\" = ANY ($1)", (object)ids.ToArray()),
                "bytea" => ($"EXISTS (SELECT 1 FROM unnest($1::bytea[]) p WHERE position(p IN \"{column}\") > 0)", bytes),
                "text" or "character varying" or "jsonb" or "json" or "ARRAY" => ($"\"{column}\"::text LIKE ANY ($1)", likes),
                _ => (null, null),
            };
            if (condition is null)
            {
                continue;
            }

            await using var cmd = db.CreateCommand($"SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE {condition})");
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
            if (await cmd.ExecuteScalarAsync() is true)
            {
                found.Add($"{table}.{column}");
            }
        }

        return found;
    }

    /// <summary>The media store's files (and metadata) whose path or content holds one of <paramref name="texts"/>.</summary>
    public static IReadOnlyList<string> FindFiles(string mediaPath, IReadOnlyCollection<string> texts) =>
        !Directory.Exists(mediaPath)
            ? []
            : [.. Directory.GetFiles(mediaPath, "*", SearchOption.AllDirectories)
                .Where(file => texts.Any(t => file.Contains(t, StringComparison.Ordinal) || File.ReadAllText(file).Contains(t, StringComparison.Ordinal)))];
}
