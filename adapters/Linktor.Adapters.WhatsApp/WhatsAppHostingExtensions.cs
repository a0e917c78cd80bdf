using Linktor.Adapters;
using Linktor.Adapters.WhatsApp;

namespace Microsoft.Extensions.DependencyInjection;

public static class WhatsAppHostingExtensions
{
    /// <summary>
    /// Registers the WhatsApp Cloud API adapter and its <see cref="WhatsAppAdapter.HttpClientName"/>
    /// HttpClient. No retry handler on purpose: the channel grain retries sends with backoff, and a
    /// second retry layer would send duplicates. The client keeps to the outbound policy (public addresses only, no
    /// redirects, redacted request logs): it also fetches agents' media URLs for <see cref="WhatsAppMediaUpload.Upload"/>.
    /// </summary>
    public static IServiceCollection AddWhatsAppAdapter(this IServiceCollection services, Action<WhatsAppAdapterOptions>? configure = null)
    {
        var options = new WhatsAppAdapterOptions();
        configure?.Invoke(options);
        services.AddHttpClient(WhatsAppAdapter.HttpClientName, client => client.Timeout = options.HttpTimeout).UseOutboundPolicy();
        return services.AddSingleton<IChannelAdapter>(sp => new WhatsAppAdapter(sp.GetRequiredService<IHttpClientFactory>(), options));
    }
}
