using Linktor.Adapters;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class OutboundHttpClientBuilderExtensions
{
    /// <summary>
    /// The outbound policy every provider, media and webhook client uses: connections only to public addresses
    /// (<see cref="OutboundAddresses.ConnectAsync"/>, unless <see cref="OutboundOptions.AllowPrivateNetworks"/>), no proxy
    /// (the check must see the real destination), no automatic redirects (a redirect could lead anywhere, with the
    /// request's credentials; the media client follows the ones it may itself), and request logs with redacted URLs.
    /// </summary>
    public static IHttpClientBuilder UseOutboundPolicy(this IHttpClientBuilder builder) =>
        builder.UseOutboundPolicy(sp => sp.GetRequiredService<IOptions<OutboundOptions>>().Value.AllowPrivateNetworks);

    /// <param name="builder">The named client.</param>
    /// <param name="allowPrivateNetworks">Read per handler (webhooks also honour their older setting).</param>
    /// <param name="logHostOnly">Log only the host: the URL is someone else's and may carry a secret anywhere (webhook receivers).</param>
    public static IHttpClientBuilder UseOutboundPolicy(this IHttpClientBuilder builder, Func<IServiceProvider, bool> allowPrivateNetworks, bool logHostOnly = false)
    {
        builder.Services.AddOptions<OutboundOptions>();
        var name = builder.Name;
        return builder
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allow = allowPrivateNetworks(sp);
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    UseProxy = false,
                    ConnectCallback = (context, ct) => OutboundAddresses.ConnectAsync(context.DnsEndPoint, allow, ct),
                };
            })
            .RemoveAllLoggers()
            .AddLogger(sp => new RedactingHttpClientLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Linktor.Outbound.{name}"), logHostOnly));
    }
}
