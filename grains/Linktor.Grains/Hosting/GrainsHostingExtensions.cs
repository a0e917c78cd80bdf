using Linktor.Adapters;
using Linktor.Grains.Channels;
using Linktor.Grains.Events;
using Linktor.Grains.Hosting;
using Linktor.Grains.Realtime;
using Linktor.Grains.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class GrainsHostingExtensions
{
    /// <summary>What the grains need on a silo: clock, real-time dispatch, credential protection, adapter registry.</summary>
    public static IServiceCollection AddLinktorGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RealtimeDispatcher>();
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<RealtimeDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<RealtimeDispatcher>());
        services.AddSingleton<CredentialProtector>();
        services.AddSingleton<ChannelAdapterRegistry>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OutboxRecovery>();
        services.AddHostedService<Linktor.Grains.Idempotency.IdempotencyJanitor>();
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.SectionName));
        return services;
    }
}
