using System.Net;
using Linktor.Contracts.Hosting;
using Linktor.Grains.Common;
using Linktor.Grains.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Microsoft.Extensions.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// Makes this process a Linktor silo: PostgreSQL storage (grain state, reminders, message log),
    /// clustering per <see cref="HostingOptions.Mode"/>, the grains' services and the adapters.
    /// </summary>
    public static IHostApplicationBuilder AddLinktorSilo(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // The mode, ports and names go to Orleans' builders, so they are read here, checked at once by the options' validator.
        var hosting = HostingOptions.Read(configuration);
        builder.Services.AddLinktorHostingOptions();
        builder.AddLinktorLogging();
        builder.AddLinktorSiloServices();
        builder.AddLinktorSiloTelemetry();
        // SIGTERM drains: the silo leaves the cluster gracefully and its grains reactivate elsewhere.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = FailureDetection.ShutdownTimeout);
        builder.UseOrleans(silo =>
        {
            if (hosting.Mode == HostingMode.SingleNode)
            {
                silo.UseLocalhostClustering(hosting.SiloPort, hosting.GatewayPort, null, hosting.ServiceId, hosting.ClusterId);
            }
            else
            {
                // Membership's connection from IOptions<RedisOptions>, which RedisOptionsValidator checks at start.
                silo.UseRedisClustering(_ => { });
                silo.Services.AddOptions<Orleans.Clustering.Redis.RedisClusteringOptions>().Configure<IOptions<RedisOptions>>((o, redis) =>
                    o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis.Value.ConnectionString!));
                // Only the cluster's own nodes get through the silo and gateway ports: mutual TLS, certificates from configuration.
                silo.Services.AddLinktorSiloClusterTls(configuration);
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (hosting.ClusterId, hosting.ServiceId));
                silo.Configure<ClusterMembershipOptions>(FailureDetection.Configure);
                if (hosting.SiloName is { Length: > 0 } name)
                {
                    silo.Configure<SiloOptions>(o => o.SiloName = name);
                }

                if (hosting.AdvertisedAddress is { } address)
                {
                    silo.ConfigureEndpoints(IPAddress.Parse(address), hosting.SiloPort, hosting.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(hosting.SiloPort, hosting.GatewayPort, listenOnAnyHostAddress: true);
                }
            }

            silo.UseLinktorStorage();
            // One trace per request across grain calls: the caller's activity travels in the call's request context.
            silo.AddActivityPropagation();
            silo.AddIncomingGrainCallFilter<Linktor.Grains.Hosting.DatabaseUnavailableFilter>();
            silo.AddOutgoingGrainCallFilter<RetryRefusedCalls>();
            silo.AddLinktorDashboard(configuration);
        });
        return builder;
    }

    /// <summary>The services a silo's grains use: storage, the shared key ring, adapters, real-time dispatch.</summary>
    public static IHostApplicationBuilder AddLinktorSiloServices(this IHostApplicationBuilder builder)
    {
        builder.AddLinktorStorage();
        builder.AddLinktorMedia();
        builder.Services.AddLinktorDataProtection(builder.Configuration);
        builder.Services.AddWebChatAdapter();
        builder.Services.AddTelegramAdapter();
        builder.Services.AddTwilioAdapter();
        builder.Services.AddWhatsAppAdapter();
        builder.Services.AddLinktorGrainServices(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Grain state and reminders in PostgreSQL, through the same pooled data source as the message store, and the
    /// events outbox read as Orleans streams.
    /// </summary>
    public static ISiloBuilder UseLinktorStorage(this ISiloBuilder silo)
    {
        // The AdoNet provider under a name of its own (the name is not part of any stored key), and the grains' storage
        // around it, so that an unreachable database reaches callers as a 503 even when a grain's activation fails on it.
        silo.Services.AddGrainStorage(GrainStorage.Name,
            (sp, _) => new DatabaseUnavailableGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(GrainStorage.AdoNetName)));
        silo.AddAdoNetGrainStorage(GrainStorage.AdoNetName, options => options
            .Configure<Serializer, NpgsqlDataSource>((o, serializer, dataSource) =>
            {
                o.Invariant = "Npgsql";
                o.DataSource = dataSource;
                // Orleans' own format: versioned by [Id] like every other wire type, no Newtonsoft.
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        silo.UseAdoNetReminderService(options => options.Configure<NpgsqlDataSource>((o, dataSource) =>
        {
            o.Invariant = "Npgsql";
            o.DataSource = dataSource;
        }));
        silo.AddLinktorEventStreams();
        return silo;
    }

    /// <summary>One key ring for the whole cluster, kept in PostgreSQL, so any node decrypts what another encrypted.</summary>
    private static IServiceCollection AddLinktorDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDataProtection().SetApplicationName("Linktor").PersistKeysToPostgres().ProtectKeysWithMasterKey(configuration);
        return services;
    }
}
