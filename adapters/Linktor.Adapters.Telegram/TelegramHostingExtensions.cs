using Linktor.Adapters;
using Linktor.Adapters.Telegram;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class TelegramHostingExtensions
{
    /// <summary>
    /// Registers the Telegram adapter and its <c>linktor.telegram</c> HttpClient. The client has no
    /// retry policy on purpose: the channel grain retries with backoff, and a second layer would
    /// send duplicates. It keeps to the outbound policy, whose request logs redact the bot token Bot API URLs carry.
    /// </summary>
    public static IServiceCollection AddTelegramAdapter(this IServiceCollection services, Action<TelegramAdapterOptions>? configure = null)
    {
        var options = services.AddOptions<TelegramAdapterOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddHttpClient(TelegramSettingKeys.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<TelegramAdapterOptions>>().Value.Timeout)
            .UseOutboundPolicy();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelAdapter, TelegramAdapter>());
        return services;
    }
}
