using Linktor.Api.Cluster;
using Linktor.Api.Infrastructure;
using Linktor.Api.Realtime;
using Linktor.Contracts.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
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
        var hosting = HostingOptions.Read(configuration);
        if (hosting.Mode != HostingMode.Cluster)
        {
            throw new InvalidOperationException(
                $"Linktor.Api is the API node of a cluster: it needs {HostingOptions.SectionName}:Mode={HostingMode.Cluster} (it is {hosting.Mode}). " +
                "To run the silo and the API in one process, run api/Linktor.SingleNode (./run.sh does).");
        }

        builder.UseOrleansClient(client => client
            .UseRedisClustering(_ => { })
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (hosting.ClusterId, hosting.ServiceId))
            .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = FailureDetection.GatewayListRefreshPeriod)
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = FailureDetection.ClientResponseTimeout)
            .UseConnectionRetryFilter(ClusterConnectRetry.ShouldRetryAsync)
            // One trace per request: the request's activity travels into the silos with each grain call.
            .AddActivityPropagation()
            .AddOutgoingGrainCallFilter<RetryRefusedCalls>());
        // Membership's connection from IOptions<RedisOptions>, which RedisOptionsValidator checks at start.
        builder.Services.AddOptions<Orleans.Clustering.Redis.RedisClusteringOptions>().Configure<IOptions<RedisOptions>>((o, redis) =>
            o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis.Value.ConnectionString!));
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
        services.AddOptions<FailoverOptions>().BindConfiguration(FailoverOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FailoverOptions>, FailoverOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SiloDeaths>();
        services.AddSingleton<IDeclaredSiloDeaths>(sp => sp.GetRequiredService<SiloDeaths>());
        services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<SiloDeaths>());
        services.AddHostedService<SiloDeathWatch>();
    }
}
