using Npgsql;

namespace Linktor.Bench.Infrastructure;

/// <summary>A fresh database per scenario and system, on bench.sh's PostgreSQL server.</summary>
public static class Databases
{
    /// <summary>Drops and creates <paramref name="name"/>; returns its connection string.</summary>
    public static async Task<string> RecreateAsync(string adminConnectionString, string name, CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(ct);
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin))
        {
            await drop.ExecuteNonQueryAsync(ct);
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>A server setting (<c>fsync</c>, <c>synchronous_commit</c>, <c>server_version</c>).</summary>
    public static async Task<string> SettingAsync(string adminConnectionString, string setting, CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(ct);
        await using var show = new NpgsqlCommand($"SHOW {setting}", admin);
        return (string)(await show.ExecuteScalarAsync(ct))!;
    }
}
