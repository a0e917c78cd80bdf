using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Linktor.Contracts.Hosting.ClusterTls;

/// <summary>Says at every start, as a warning, that this cluster node runs with its ports open to anyone (<c>Enabled=false</c>).</summary>
public sealed partial class ClusterTlsDisabledWarning(IOptions<ClusterTlsOptions> options, ILogger<ClusterTlsDisabledWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            LogClusterTlsDisabled(logger, ClusterTlsOptions.SectionName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Log event ids 41xx: cluster TLS (all ranges: LogEventIdTests in Linktor.Architecture.Tests).
    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message =
        "CLUSTER TLS IS OFF ({Section}:Enabled=false): the silo and gateway connections are unencrypted and unauthenticated, and any " +
        "process that reaches those ports can call every grain of every tenant. Development only: give each node a certificate " +
        "(CertificatePath, KeyPath, CaPath) and remove the setting.")]
    private static partial void LogClusterTlsDisabled(ILogger logger, string section);
}
