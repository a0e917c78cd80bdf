using System.Security.Cryptography;
using Linktor.Storage.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Linktor.Testing;

/// <summary>
/// A fresh, uniquely named database (<c>linktor_t_&lt;random&gt;</c>) on the test server, migrated unless asked
/// otherwise, and dropped (WITH (FORCE)) on dispose.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private int _disposed;

    private PostgresDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>The database name.</summary>
    public string Name { get; }

    /// <summary>Connection string to this database (same server and credentials as the admin one).</summary>
    public string ConnectionString { get; }

    /// <summary>A data source for this database, disposed with it.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>Creates the database and, when <paramref name="migrate"/> is true, applies every migration.</summary>
    public static async Task<PostgresDatabase> CreateAsync(
        bool migrate = true, ILogger? logger = null, CancellationToken ct = default)
    {
        var admin = TestEnvironment.PostgresAdminConnectionString;
        var name = "linktor_t_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }

        var database = new PostgresDatabase(admin, name);
        if (migrate)
        {
            try
            {
                await MigrationRunner.ApplyAsync(database.DataSource, logger ?? NullLogger.Instance, ct);
            }
            catch
            {
                await database.DisposeAsync();
                throw;
            }
        }

        return database;
    }

    /// <summary>A separate data source (its own pool), e.g. to play another process or node.</summary>
    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    /// <summary>Drops the database, closing any connection still open to it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await DataSource.DisposeAsync();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
