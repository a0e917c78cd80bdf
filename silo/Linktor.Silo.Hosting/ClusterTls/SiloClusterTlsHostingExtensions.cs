using System.Security.Authentication;
using Linktor.Contracts.Hosting.ClusterTls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Microsoft.Extensions.DependencyInjection;

public static class SiloClusterTlsHostingExtensions
{
    /// <summary>
    /// Cluster mode: mutual TLS (Orleans.Connections.Security) on every connection this silo accepts (silo and gateway
    /// ports) or opens (to other silos). An API node's gateway connections get theirs in Linktor.Api (ClusterClientTls).
    /// </summary>
    public static IServiceCollection AddLinktorSiloClusterTls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLinktorClusterTls(configuration, ClusterTlsRole.Silo);
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
        return services;
    }

    /// <summary>The same policy as the cluster client's (Linktor.Api's ClusterClientTls): the two ends must agree on it.</summary>
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
