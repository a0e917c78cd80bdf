using System.Security.Authentication;
using Linktor.Silo.Hosting.ClusterTls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Microsoft.Extensions.DependencyInjection;

public static class ClusterTlsHostingExtensions
{
    /// <summary>
    /// Cluster mode: mutual TLS (Orleans.Connections.Security) on every connection a silo accepts (silo and gateway ports)
    /// or opens (to other silos), or, for a cluster client, on its gateway connections. The settings are read and checked
    /// at start (<see cref="ClusterTlsOptionsValidator"/>), the certificates loaded once when Orleans builds its connections.
    /// </summary>
    public static IServiceCollection AddLinktorClusterTls(this IServiceCollection services, IConfiguration configuration, ClusterTlsRole role)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ClusterTlsOptions>().Bind(configuration.GetSection(ClusterTlsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterTlsOptions>>(sp => new ClusterTlsOptionsValidator(role, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClusterCertificates>();
        services.AddHostedService<ClusterTlsDisabledWarning>();
        if (role == ClusterTlsRole.Silo)
        {
            services.AddOptions<SiloConnectionOptions>().Configure<IOptions<ClusterTlsOptions>, IServiceProvider>((connections, tls, sp) =>
            {
                if (tls.Value.Enabled)
                {
                    var options = TlsOptionsFor(sp.GetRequiredService<ClusterCertificates>());
                    connections.ConfigureSiloInboundConnection(c => c.UseServerTls(options));
                    connections.ConfigureGatewayInboundConnection(c => c.UseServerTls(options));
                    connections.ConfigureSiloOutboundConnection(c => c.UseClientTls(options));
                }
            });
        }
        else
        {
            services.AddOptions<ClientConnectionOptions>().Configure<IOptions<ClusterTlsOptions>, IServiceProvider>((connections, tls, sp) =>
            {
                if (tls.Value.Enabled)
                {
                    var options = TlsOptionsFor(sp.GetRequiredService<ClusterCertificates>());
                    connections.ConfigureConnection(c => c.UseClientTls(options));
                }
            });
        }

        return services;
    }

    private static TlsOptions TlsOptionsFor(ClusterCertificates certificates) => new()
    {
        LocalCertificate = certificates.Local,
        // Both ends present a certificate and both check the other's: a connection is the cluster's or it is closed.
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateValidation = certificates.IsTrustedPeer,
        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
    };
}
