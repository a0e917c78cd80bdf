using Linktor.Adapters;
using Linktor.Adapters.Twilio;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class TwilioHostingExtensions
{
    /// <summary>
    /// Registers the Twilio SMS/MMS adapter and its named HttpClient (<see cref="TwilioAdapter.HttpClientName"/>).
    /// The client has no retry handler on purpose: the channel grain retries sends with backoff, and a
    /// second retry layer would send duplicate messages.
    /// </summary>
    public static IServiceCollection AddTwilioAdapter(this IServiceCollection services, Action<TwilioAdapterOptions>? configure = null)
    {
        var options = services.AddOptions<TwilioAdapterOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddHttpClient(TwilioAdapter.HttpClientName, (provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<TwilioAdapterOptions>>().Value.HttpTimeout).UseOutboundPolicy();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelAdapter, TwilioAdapter>());
        return services;
    }
}
