using Npgsql;
using Xunit;

namespace Linktor.Testing;

/// <summary>
/// A migrated <see cref="PostgresDatabase"/> shared by a test class (<c>IClassFixture&lt;PostgresFixture&gt;</c>)
/// or an assembly (<c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresDatabase? _database;

    /// <summary>The fixture's database.</summary>
    public PostgresDatabase Database =>
        _database ?? throw new InvalidOperationException("PostgresFixture is used before xunit initialised it.");

    /// <summary>Connection string of the fixture's database.</summary>
    public string ConnectionString => Database.ConnectionString;

    /// <summary>Data source of the fixture's database.</summary>
    public NpgsqlDataSource DataSource => Database.DataSource;

    /// <inheritdoc />
    public async ValueTask InitializeAsync() =>
        _database = await PostgresDatabase.CreateAsync(ct: TestContext.Current.CancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
