using Linktor.Adapters;
using Linktor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Linktor.Grains.Tests.Infrastructure;

/// <summary>
/// An in-process Orleans cluster (test membership, in-memory transport) whose silos are wired exactly as in
/// production for storage: <c>AddLinktorSiloServices</c> (message store, read models, adapters, real-time
/// dispatch) and <c>UseLinktorStorage</c> (AdoNet grain state and reminders) on a real PostgreSQL database.
/// Test-only additions: the <see cref="ScriptedAdapter"/> (its own channel type), short outbox retry delays, and two
/// incoming call filters: <see cref="UnreachableGrains"/> (cuts grains off) and <see cref="CallChainRecorder"/> (records call-backs).
/// </summary>
public static class LinktorTestCluster
{
    /// <summary>Builds and deploys a cluster on <paramref name="database"/>. The same <paramref name="serviceId"/> finds the same grain state.</summary>
    public static async Task<InProcessTestCluster> StartAsync(PostgresDatabase database, string serviceId, short silos = 2)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        // Silo hosts only: the client is a plain Orleans client, as the API's is.
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration["Linktor:Postgres:ConnectionString"] = database.ConnectionString;
            // Retries within a test's patience: the backoff's shape is the same, only its scale is smaller.
            host.Configuration["Linktor:Outbox:BaseDelay"] = "00:00:00.050";
            host.Configuration["Linktor:Outbox:MaxDelay"] = "00:00:00.200";
            host.Configuration["Linktor:Outbox:MaxAttempts"] = "4";
            host.Configuration["Linktor:Outbox:PollInterval"] = "00:00:00.050";
            // A small window, so that every test with more than a few messages queued drains through refills.
            host.Configuration["Linktor:Outbox:Window"] = "16";
            host.Configuration["Linktor:Outbox:AbandonedAfter"] = "00:00:02";
            // Polly's smallest break: an outage test sees the pause without waiting the production 15 s.
            host.Configuration["Linktor:Outbox:CircuitBreakDuration"] = "00:00:00.500";
            host.Configuration["Linktor:Outbox:CircuitSamplingDuration"] = "00:00:05";
            // A crashed API node's agents lapse while a test waits.
            host.Configuration["Linktor:Presence:Lease"] = "00:00:01.500";
            // Event consumers that throw are retried within a test's patience; the backoff's shape is the production one.
            host.Configuration["Linktor:Events:PollInterval"] = "00:00:00.050";
            host.Configuration["Linktor:Events:RetryBaseDelay"] = "00:00:00.050";
            host.Configuration["Linktor:Events:RetryMaxDelay"] = "00:00:00.500";
            // Fake providers and webhook receivers listen on loopback, which production refuses.
            host.Configuration["Linktor:Outbound:AllowPrivateNetworks"] = "true";
            host.Configuration["Linktor:Channels:AllowCustomApiBaseUrl"] = "true";
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            host.AddLinktorSiloServices();
            // A scripted provider beside the real web-chat adapter, for the outbox's failure paths.
            host.Services.AddSingleton<IChannelAdapter>(ScriptedAdapter.Shared);
        });
        builder.ConfigureSilo((_, silo) => silo.UseLinktorStorage().AddIncomingGrainCallFilter<UnreachableGrains>().AddIncomingGrainCallFilter<CallChainRecorder>());
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Warning));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>A service id of its own, so that nothing else's grain state is found.</summary>
    public static string NewServiceId() => "linktor-grain-tests-" + Guid.NewGuid().ToString("N");
}
