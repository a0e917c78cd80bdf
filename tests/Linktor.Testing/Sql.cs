using Npgsql;

namespace Linktor.Testing;

/// <summary>
/// Reads what is really stored, for assertions: positional parameters (<c>$1</c>, <c>$2</c>, ...) bound in order.
/// </summary>
public static class Sql
{
    /// <summary>The first column of the first row, converted to <typeparamref name="T"/> (default when there is no row or it is null).</summary>
    public static async Task<T?> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var cmd = Command(dataSource, sql, args);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Every row, each as its column values (database nulls as <see langword="null"/>).</summary>
    public static async Task<IReadOnlyList<object?[]>> RowsAsync(NpgsqlDataSource dataSource, string sql, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var cmd = Command(dataSource, sql, args);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Runs a statement; answers the rows it affected.</summary>
    public static async Task<int> ExecuteAsync(NpgsqlDataSource dataSource, string sql, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var cmd = Command(dataSource, sql, args);
        return await cmd.ExecuteNonQueryAsync();
    }

    private static NpgsqlCommand Command(NpgsqlDataSource dataSource, string sql, object?[] args)
    {
        var cmd = dataSource.CreateCommand(sql);
        foreach (var arg in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = arg ?? DBNull.Value });
        }

        return cmd;
    }
}
