using Linktor.Storage.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Linktor.Storage.Hosting;

/// <summary>
/// Applies migrations before anything else starts (it is registered before the silo), so grain
/// storage finds its tables. Several nodes starting together serialize on the advisory lock.
/// </summary>
internal sealed class MigrationHostedService(
    NpgsqlDataSource dataSource, IOptions<StorageOptions> options, ILogger<MigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await MigrationRunner.ApplyAsync(dataSource, logger, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
