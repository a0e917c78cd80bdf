using System.Data;
using Npgsql;

namespace Linktor.Storage.Tests;

/// <summary>
/// Runs a query text from <c>OrleansQuery</c> the way the Orleans ADO.NET providers do: parameters added by
/// name without a prefix, DbType picked from the CLR type (Orleans' DbExtensions type map), NULL as DBNull.
/// </summary>
internal sealed class OrleansCommand : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _command;

    private OrleansCommand(NpgsqlConnection connection, string queryText)
    {
        _connection = connection;
        _command = new NpgsqlCommand(queryText, connection);
    }

    public static async Task<OrleansCommand> CreateAsync(NpgsqlDataSource dataSource, string queryKey, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        await using var read = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key", connection);
        read.Parameters.AddWithValue("key", queryKey);
        var text = await read.ExecuteScalarAsync(ct) as string
            ?? throw new InvalidOperationException($"OrleansQuery has no {queryKey}.");
        return new OrleansCommand(connection, text);
    }

    public OrleansCommand With<T>(string name, T? value, DbType? dbType = null)
    {
        var parameter = _command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = (object?)value ?? DBNull.Value;
        parameter.DbType = dbType ?? DbTypeOf(typeof(T));
        _command.Parameters.Add(parameter);
        return this;
    }

    public async Task<List<Dictionary<string, object?>>> ReadAsync(CancellationToken ct)
    {
        await using var reader = await _command.ExecuteReaderAsync(ct);
        var rows = new List<Dictionary<string, object?>>();
        do
        {
            while (await reader.ReadAsync(ct))
            {
                var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }
        }
        while (await reader.NextResultAsync(ct));

        return rows;
    }

    public async Task<object?> ScalarAsync(CancellationToken ct)
    {
        var rows = await ReadAsync(ct);
        return rows.Count == 0 ? null : rows[0].Values.First();
    }

    public Task<int> ExecuteAsync(CancellationToken ct) => _command.ExecuteNonQueryAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _command.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private static DbType DbTypeOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => DbType.Int32,
        var t when t == typeof(long) => DbType.Int64,
        var t when t == typeof(string) => DbType.String,
        var t when t == typeof(byte[]) => DbType.Binary,
        var t when t == typeof(DateTime) => DbType.DateTime,
        var t when t == typeof(bool) => DbType.Boolean,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Orleans binds no parameter of this type here."),
    };
}
