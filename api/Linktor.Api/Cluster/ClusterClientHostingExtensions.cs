using Linktor.Api.Cluster;
using Linktor.Api.Infrastructure;
using Linktor.Api.Realtime;
using Linktor.Contracts.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace Microsoft.AspNetCore.Builder;

public static class ClusterClientHostingExtensions
{
    /// <summary>
    /// Cluster mode: this process is an Orleans client of the silos (Redis membership, mutual TLS on its gateway
    /// connections), fails over the calls a dead silo would leave waiting, and relays real-time events through the Redis
    /// backplane. Add it before <see cref="ApiHostingExtensions.AddLinktorApi"/>, which reads the backplane setting.
    /// </summary>
    public static WebApplicationBuilder AddLinktorClusterClient(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var hosting = configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();
        if (hosting.Mode != HostingMode.Cluster)
        {
            throw new InvalidOperationException(
                $"Linktor.Api is the API node of a cluster: it needs {HostingOptions.SectionName}:Mode={HostingMode.Cluster} (it is {hosting.Mode}). " +
                "To run the silo and the API in one process, run api/Linktor.SingleNode (./run.sh does).");
        }

        var redis = configuration[$"{RedisOptions.SectionName}:ConnectionString"];
        builder.UseOrleansClient(client => client
            .UseRedisClustering(redis ?? throw new InvalidOperationException("Cluster mode needs Linktor:Redis:ConnectionString."))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (hosting.ClusterId, hosting.ServiceId))
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = FailureDetection.GatewayListRefreshPeriod)
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = FailureDetection.ClientResponseTimeout)
            .UseConnectionRetryFilter(ClusterConnectRetry.ShouldRetryAsync)
            .AddOutgoingGrainCallFilter<RetryRefusedCalls>());
        // The gateways take only the cluster's nodes: this one presents its certificate and checks theirs.
        builder.Services.AddLinktorClientClusterTls(configuration);
        builder.AddSiloDeathWatch();

        // Several API nodes: an event relayed by one must reach agents connected to the others. Last source, so it wins.
        configuration.AddInMemoryCollection([new($"{RealtimeOptions.SectionName}:{nameof(RealtimeOptions.RedisBackplane)}", "true")]);
        return builder;
    }

    /// <summary>
    /// Learns membership's death declarations (<see cref="SiloDeathWatch"/>), so that the cluster client's
    /// <see cref="RetryRefusedCalls"/> fails over the calls a dead silo would leave waiting. The
    /// signal has no dependencies of its own: the client's runtime and its call filter need it while they are built.
    /// </summary>
    private static void AddSiloDeathWatch(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<FailoverOptions>()
            .Bind(builder.Configuration.GetSection(FailoverOptions.SectionName))
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.AlertPollInterval > TimeSpan.Zero && o.AlertPollInterval <= o.PollInterval,
                "Linktor:Failover:PollInterval and AlertPollInterval must be positive, AlertPollInterval no longer than PollInterval.")
            .Validate(o => o.PollTimeout > TimeSpan.Zero && o.AlertWindow >= TimeSpan.Zero,
                "Linktor:Failover:PollTimeout must be positive and AlertWindow not negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SiloDeaths>();
        services.AddSingleton<IDeclaredSiloDeaths>(sp => sp.GetRequiredService<SiloDeaths>());
        services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<SiloDeaths>());
        services.AddHostedService<SiloDeathWatch>();
    }
}
