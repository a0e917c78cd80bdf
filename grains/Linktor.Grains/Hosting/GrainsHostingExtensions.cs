using Linktor.Adapters;
using Linktor.Grains.Channels;
using Linktor.Grains.Events;
using Linktor.Grains.Hosting;
using Linktor.Grains.Media;
using Linktor.Grains.Realtime;
using Linktor.Grains.Security;
using Linktor.Grains.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class GrainsHostingExtensions
{
    /// <summary>
    /// What the grains need on a silo: clock, event dispatch (real time, webhooks), credential protection, adapter
    /// registry. Their options bind from the host's configuration; <paramref name="configuration"/> stands in for it
    /// where the services have none (a test's own collection).
    /// </summary>
    public static IServiceCollection AddLinktorGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RealtimeDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<RealtimeDispatcher>());
        // Real time only: what else follows an event (webhooks, attachment copies) reads it from the events stream.
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<RealtimeDispatcher>());
        services.AddLinktorWebhooks();
        services.AddSingleton<CredentialProtector>();
        services.AddSingleton<ChannelAdapterRegistry>();
        services.AddSingleton<ChannelCapabilitiesCache>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OutboxRecovery>();
        services.AddHostedService<Linktor.Grains.Idempotency.IdempotencyJanitor>();
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>());
        services.AddLinktorHostingOptions();
        services.AddProviderMediaClient(configuration);
        services.AddSingleton<InboundMediaCopier>();
        services.AddHostedService(sp => sp.GetRequiredService<InboundMediaCopier>());
        return services;
    }

    /// <summary>
    /// Downloads of attachments the providers keep (inbound copies, and agents' first downloads through ProviderMediaGrain), and the
    /// outbound policy every provider, media and webhook client keeps to (<c>Linktor:Outbound</c>, <c>Linktor:Channels</c>).
    /// <paramref name="configuration"/> stands in for the host's where the services have none.
    /// </summary>
    private static IServiceCollection AddProviderMediaClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration);
        // Switches only: the binder itself refuses a value that is not a boolean, so neither has a validator.
        services.AddOptions<OutboundOptions>().BindConfiguration(OutboundOptions.SectionName).ValidateOnStart();
        services.AddOptions<ChannelPolicyOptions>().BindConfiguration(ChannelPolicyOptions.SectionName).ValidateOnStart();
        services.TryAddSingleton<ProviderDestinations>();
        services.AddSingleton<ProviderMediaClient>();
        services.AddHttpClient(ProviderMediaClient.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(2)).UseOutboundPolicy();
        return services;
    }

    /// <summary>
    /// Outbound webhooks: the subscriptions, the delivery worker and its HTTP client, under the outbound policy (no
    /// redirects: a POST is not re-sent elsewhere; only the receiver's host in request logs: its URL may carry a secret).
    /// </summary>
    private static void AddLinktorWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSubscriptions>();
        services.AddSingleton<WebhookDeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDeliveryWorker>());
        services.AddHttpClient(WebhookDeliveryWorker.HttpClientName, c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan; // the worker applies WebhookOptions.Timeout itself
                c.DefaultRequestHeaders.UserAgent.ParseAdd("Linktor-Webhooks/1.0");
            })
            .UseOutboundPolicy(sp => WebhookOptions.PrivateNetworksAllowed(sp), logHostOnly: true);
    }
}
