using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Linktor.Storage.Health;

/// <summary>Ready only while PostgreSQL answers (every write and most reads need it). Shared by API nodes and silos.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var cmd = dataSource.CreateCommand("SELECT 1");
            cmd.CommandTimeout = 3;
            await cmd.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is unreachable.", ex);
        }
    }
}
