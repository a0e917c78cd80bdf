using Linktor.Testing;
using Orleans.TestingHost;
using Xunit;

namespace Linktor.Grains.Tests.Infrastructure;

/// <summary>
/// One two-silo cluster on one fresh migrated database, shared by the whole assembly (start-up is the costly
/// part). Tests isolate themselves by creating their own tenant: every grain key and every row carries it.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private PostgresDatabase? _database;
    private InProcessTestCluster? _cluster;

    public PostgresDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialised.");

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The cluster client: what the API holds.</summary>
    public IClusterClient Client => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _cluster = await LinktorTestCluster.StartAsync(_database, LinktorTestCluster.NewServiceId());
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
